/**
 * Model and Android version from a WebView UA, whose format the Android CDD fixes (§3.4.1,
 * https://source.android.com/docs/compatibility/cdd): "Linux; Android $(VERSION); $(MODEL)
 * Build/$(BUILD); wv". Old WebViews insert a locale ("Linux; U; Android 4.2.2; en-us; AFTB
 * Build/…"). Anything else gives empty strings.
 */
export function parseAndroidUa(userAgent: string): { model: string; android: string } {
  const match = /Android ([\d.]+);(?: [a-z]{2}-[a-z]{2};)? ([^;)]+?) Build\//.exec(userAgent);
  return { model: match?.[2]?.trim() ?? '', android: match?.[1] ?? '' };
}

/**
 * What Back does once the Router has no history left (the first screen). Store rules ask before
 * exiting (PRODUCT.md, "TV constraints"), unless the platform's rule is to go straight home
 * (`ExitPolicy`, devices/contracts/system.ts). A Back pressed while a page is still loading
 * cancels that load first: the user is stepping back from the page they asked for, not leaving.
 */
import type { ExitPolicy } from '../../devices/contracts/system';

export type RootBackAction = 'cancel-navigation' | 'ask' | 'exit';

export function rootBackAction(policy: ExitPolicy, navigating: boolean): RootBackAction {
  if (navigating) return 'cancel-navigation';
  return policy === 'immediate' ? 'exit' : 'ask';
}

/**
 * The parts a page of one long track list shares (a playlist, Liked Songs): a cover column on the
 * left (cover, name, length, buttons stacked under it) and a VirtualTrackList on the right with
 * a hint line above it, plus the "now playing" mark that follows the player while the page is
 * active. The pages keep their own keys and data.
 */
import { Lightning } from '@lightningjs/sdk';
import type { Artwork } from '../../protocol';
import { services } from '../app-services';
import { Colors, Font, Layout, lineText } from '../theme';
import { Button } from './button';
import { Cover } from './cover';
import { drawnText } from './drawn-text';
import { VirtualTrackList } from './virtual-track-list';

const ART = 400;
const LIST_X = Layout.safeX + ART + 80;
const LIST_TOP = Layout.safeY + 96;
const LIST_H = Layout.stageH - Layout.barH - LIST_TOP - 16;

export interface TrackListPageParts extends Lightning.Component.TemplateSpec {
  Art: typeof Cover;
  Name: object;
  Meta: object;
  Hint: object;
  Empty: object;
  Tracks: typeof VirtualTrackList;
}

/** The shared template: `buttons` (refs, labelled as named) under the cover, `empty` shown for no tracks. */
export function trackListPageTemplate(buttons: readonly string[], empty: string, labels: Record<string, string> = {}): Lightning.Component.Template<TrackListPageParts> & Record<string, unknown> {
  const text = (size: number, color: number) => lineText(size, color, ART);
  const template: Record<string, unknown> = {
    w: Layout.stageW,
    h: Layout.stageH,
    Art: { type: Cover, x: Layout.safeX, y: LIST_TOP, size: ART },
    Name: { x: Layout.safeX, y: LIST_TOP + ART + 24, text: { ...text(Font.title - 4, Colors.text), fontStyle: 'bold' } },
    Meta: { x: Layout.safeX, y: LIST_TOP + ART + 90, text: text(Font.caption - 2, Colors.textFaint) },
    Hint: { x: LIST_X, y: Layout.safeY + 20, text: lineText(Font.caption - 4, Colors.textFaint, 1200) },
    Empty: {
      x: LIST_X,
      y: LIST_TOP + 20,
      visible: false,
      text: { ...lineText(Font.body, Colors.textDim, 1200), maxLines: 2, lineHeight: 46, text: empty },
    },
    Tracks: { type: VirtualTrackList, x: LIST_X, y: LIST_TOP, h: LIST_H },
  };
  buttons.forEach((ref, i) => {
    template[ref] = { type: Button, x: Layout.safeX, y: LIST_TOP + ART + 150 + i * 86, w: 240, h: 72, label: labels[ref] ?? ref };
  });
  return template as Lightning.Component.Template<TrackListPageParts> & Record<string, unknown>;
}

/** Cover, name and meta line; the empty note when there are no tracks. */
export function showCover(page: Lightning.Component, cover: { name: string; meta: string; artwork: Artwork | null; empty: boolean }): void {
  page.patch({
    Art: { artwork: cover.artwork },
    Name: { text: { text: drawnText(cover.name) } },
    Meta: { text: { text: cover.meta } },
    Empty: { visible: cover.empty },
  } as never);
}

/** Marks the playing track in `list` while the page is active; returns the stop (for `_inactive`). */
export function followPlaying(list: VirtualTrackList): () => void {
  const { player } = services();
  list.playing = player.current?.trackId ?? null;
  return player.on('track', ({ item }) => (list.playing = item?.trackId ?? null));
}

/**
 * The cover column of the album and show pages: the cover, then the title (one or two lines), a
 * byline (the artist, the author) and a meta line hung under whatever the title drew. The pages
 * keep their own buttons and keys; `hangUnderTitle` moves a button along with the lines.
 */
import { Lightning } from '@lightningjs/sdk';
import type { Artwork } from '../../protocol';
import { Colors, Font, Layout, lineText } from '../theme';
import { Cover } from './cover';
import { drawnText } from './drawn-text';

export interface CoverColumnParts extends Lightning.Component.TemplateSpec {
  Art: typeof Cover;
  Title: object;
  Byline: object;
  Meta: object;
}

/** The column at the left safe edge, its cover `size` px square from `top`. */
export function coverColumnTemplate(top: number, size: number): Lightning.Component.Template<CoverColumnParts> {
  const text = (px: number, color: number) => lineText(px, color, size);
  return {
    Art: { type: Cover, x: Layout.safeX, y: top, size },
    Title: { x: Layout.safeX, y: top + size + 28, text: { ...text(Font.title - 4, Colors.text), fontStyle: 'bold', maxLines: 2, lineHeight: 54 } },
    Byline: { x: Layout.safeX, y: top + size + 146, text: text(Font.body, Colors.textDim) },
    Meta: { x: Layout.safeX, y: top + size + 192, text: text(Font.caption - 2, Colors.textFaint) },
  };
}

/** Keeps the byline, the meta line and the `below` refs (px under the title) under the title (call from `_init`). */
export function hangUnderTitle(page: Lightning.Component, below: Record<string, number> = {}): void {
  const title = page.tag('Title' as never) as Lightning.Element | undefined;
  title?.on('txLoaded', () => {
    const bottom = title.y + title.renderHeight;
    const patch: Record<string, unknown> = { Byline: { y: bottom + 8 }, Meta: { y: bottom + 56 } };
    for (const [ref, gap] of Object.entries(below)) patch[ref] = { y: bottom + gap };
    page.patch(patch as never);
  });
}

export function showCoverColumn(page: Lightning.Component, column: { artwork: Artwork; title: string; byline: string; meta: string }): void {
  page.patch({
    Art: { artwork: column.artwork },
    Title: { text: { text: drawnText(column.title) } },
    Byline: { text: { text: drawnText(column.byline) } },
    Meta: { text: { text: column.meta } },
  } as never);
}

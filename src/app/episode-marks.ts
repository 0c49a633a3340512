/**
 * What a show page says about one episode for this profile, decided in one place: unplayed,
 * in progress (and from where it resumes) or played. The BFF decides `played` (past
 * PLAYED_SHARE); an episode played before and started again is in progress again until it
 * passes that share, as podcast apps show it.
 */
import { PLAYED_SHARE, type Episode } from '../protocol';
import { formatDate, formatDuration, formatLength } from './format';

/** Below this a start is not worth a resume offer (a press of OK and back). */
export const MIN_RESUME_MS = 5000;

export type EpisodeMark = 'unplayed' | 'in-progress' | 'played';

export interface EpisodeMarks {
  mark: EpisodeMark;
  /** Where "Resume from …" starts; null when only "Play from start" makes sense. */
  resumeFromMs: number | null;
  /** The line under the title: date · length · state. */
  meta: string;
}

export function episodeMarks(e: Pick<Episode, 'positionMs' | 'played' | 'publishedAt'> & { track: { durationMs: number } }): EpisodeMarks {
  const duration = e.track.durationMs;
  const inProgress = e.positionMs >= MIN_RESUME_MS && e.positionMs <= duration * PLAYED_SHARE;
  const mark: EpisodeMark = inProgress ? 'in-progress' : e.played ? 'played' : 'unplayed';
  const state =
    mark === 'in-progress' ? `${formatLength(Math.max(0, duration - e.positionMs))} left` : mark === 'played' ? 'Played' : 'New';
  const meta = [e.publishedAt === null ? null : formatDate(e.publishedAt), formatLength(duration), state]
    .filter((v): v is string => v !== null)
    .join('  ·  ');
  return { mark, resumeFromMs: inProgress ? e.positionMs : null, meta };
}

/** The offer's first button: "Resume from 23:14". */
export function resumeLabel(positionMs: number): string {
  return `Resume from ${formatDuration(positionMs)}`;
}

/**
 * The demo library: three made-up artists, four albums, twelve original procedurally generated
 * tracks. Keys, tempos, timbres and loudness targets differ on purpose: quiet ambient pieces near
 * -24 LUFS next to hot masters near -8 LUFS give loudness normalisation audible work, and the
 * spread of tempos and timbres makes skips and crossfades easy to hear when testing the player.
 */
export type Mode = 'major' | 'minor' | 'dorian' | 'lydian';
export type Timbre = 'sine' | 'triangle' | 'saw' | 'square' | 'organ' | 'bell';
export type DrumStyle = 'none' | 'soft' | 'four' | 'break';

export interface DemoTrack {
  title: string;
  /** MIDI note of the key's root in the bass octave (E1 = 28 … C3 = 48). */
  rootMidi: number;
  mode: Mode;
  bpm: number;
  /** Scale degrees (0 = tonic), one chord per bar, looped. */
  progression: number[];
  pad: Timbre;
  lead: Timbre;
  drums: DrumStyle;
  targetLufs: number;
  seconds: number;
}

export interface DemoAlbum {
  title: string;
  year: number;
  tracks: DemoTrack[];
}

export interface DemoArtist {
  name: string;
  albums: DemoAlbum[];
}

export const DEMO_CATALOGUE: readonly DemoArtist[] = [
  {
    name: 'Lumen Drift',
    albums: [
      {
        title: 'Night Ferry',
        year: 2021,
        tracks: [
          { title: 'Departure Hall', rootMidi: 45, mode: 'minor', bpm: 84, progression: [0, 5, 3, 4], pad: 'organ', lead: 'bell', drums: 'soft', targetLufs: -18, seconds: 96 },
          { title: 'Sodium Lamps', rootMidi: 40, mode: 'dorian', bpm: 100, progression: [0, 3, 0, 6], pad: 'saw', lead: 'triangle', drums: 'four', targetLufs: -14, seconds: 104 },
          { title: 'Slow Wake', rootMidi: 41, mode: 'lydian', bpm: 70, progression: [0, 1, 0, 4], pad: 'sine', lead: 'bell', drums: 'none', targetLufs: -24, seconds: 88 },
        ],
      },
      {
        title: 'Harbour Lights',
        year: 2023,
        tracks: [
          { title: 'Tidewater', rootMidi: 38, mode: 'major', bpm: 92, progression: [0, 4, 5, 3], pad: 'triangle', lead: 'square', drums: 'soft', targetLufs: -20, seconds: 100 },
          { title: 'Signal Fires', rootMidi: 43, mode: 'minor', bpm: 118, progression: [0, 6, 5, 6], pad: 'saw', lead: 'saw', drums: 'four', targetLufs: -11, seconds: 92 },
          { title: 'Low Tide Choir', rootMidi: 46, mode: 'major', bpm: 76, progression: [0, 3, 5, 4], pad: 'organ', lead: 'sine', drums: 'none', targetLufs: -24, seconds: 112 },
        ],
      },
    ],
  },
  {
    name: 'The Paper Satellites',
    albums: [
      {
        title: 'Static Bloom',
        year: 2019,
        tracks: [
          { title: 'Static Bloom', rootMidi: 40, mode: 'minor', bpm: 138, progression: [0, 5, 2, 6], pad: 'square', lead: 'saw', drums: 'break', targetLufs: -8, seconds: 80 },
          { title: 'Carbon Summer', rootMidi: 45, mode: 'major', bpm: 126, progression: [0, 4, 5, 3], pad: 'saw', lead: 'square', drums: 'four', targetLufs: -9, seconds: 84 },
          { title: 'Ninety Ways Home', rootMidi: 36, mode: 'major', bpm: 110, progression: [5, 3, 0, 4], pad: 'triangle', lead: 'saw', drums: 'break', targetLufs: -12, seconds: 90 },
        ],
      },
    ],
  },
  {
    name: 'Ósk Vale',
    albums: [
      {
        title: 'Kaldur morgunn',
        year: 2022,
        tracks: [
          { title: 'Hafið', rootMidi: 42, mode: 'minor', bpm: 66, progression: [0, 3, 4, 0], pad: 'sine', lead: 'bell', drums: 'none', targetLufs: -22, seconds: 118 },
          { title: 'Norðurljós', rootMidi: 37, mode: 'dorian', bpm: 96, progression: [0, 3, 6, 3], pad: 'organ', lead: 'triangle', drums: 'soft', targetLufs: -16, seconds: 100 },
          { title: 'Snjór á glugga', rootMidi: 44, mode: 'major', bpm: 88, progression: [0, 2, 3, 4], pad: 'triangle', lead: 'bell', drums: 'soft', targetLufs: -19, seconds: 72 },
        ],
      },
    ],
  },
];

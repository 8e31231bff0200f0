// Every supported equipment format; the listener picks one by a connection's first line.
import { chronoTrackDecoder } from './chronotrack';
import type { TimingDecoder } from './decoder';
import { raceResultDecoder } from './race-result';

export const DECODERS: readonly TimingDecoder[] = [chronoTrackDecoder, raceResultDecoder];

export function decoderFor(firstLine: string): TimingDecoder | undefined {
  return DECODERS.find((d) => d.recognises(firstLine));
}

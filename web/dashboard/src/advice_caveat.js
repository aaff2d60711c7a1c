// When the sizing advisor's answer may be too low (docs/pool-advisor.md, "Limits"): the replay takes the recorded
// attributions as the truth and leaves out the calls it cannot check (no recorded visit in its window). When those
// are a large share of the window's calls the advice rests on the rest, and if the pool ran short of numbers while
// they came in, the recommended size is too low, however sure the curve looks. Pure (no DOM): tested on its own.

// From this share of unchecked calls on, the advice carries the caveat.
export const UNCHECKED_SHARE_WARNED = 0.2;

/** {unchecked, calls, percent} when `advice` (the API's answer) deserves the caveat, otherwise null. `calls` counts
 *  every call of the window: the API's `calls` are the measured ones, `excluded_calls` the ones left out. */
export function uncheckedCalls(advice) {
  if (!advice || advice.status === 'insufficient_traffic') return null;
  const unchecked = Number(advice.excluded_calls) || 0;
  const calls = (Number(advice.calls) || 0) + unchecked;
  if (calls <= 0 || unchecked / calls < UNCHECKED_SHARE_WARNED) return null;
  return { unchecked, calls, percent: Math.round((unchecked / calls) * 100) };
}

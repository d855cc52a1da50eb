// A manual order kept as numbers (projects in a list, tasks in a board column): an item moved
// between two neighbours takes the number halfway between theirs, so a move writes that item
// alone. Halving runs out after about fifty moves into the same gap between whole numbers; the
// list is then renumbered once.

/**
 * Where an item goes: right before or after another one; `before: null` is last, `after: null`
 * first.
 */
export type Placement = { before: string | null } | { after: string | null };

/**
 * The index at which the item goes among the others (in order, without the item itself), or
 * undefined when the neighbour it names is not among them.
 */
export function insertionIndex(
  others: readonly string[],
  placement: Placement,
): number | undefined {
  const [anchor, offset] = 'before' in placement ? [placement.before, 0] : [placement.after, 1];
  if (anchor === null) return offset === 0 ? others.length : 0;
  const index = others.indexOf(anchor.toLowerCase());
  return index === -1 ? undefined : index + offset;
}

/**
 * A rank strictly between the neighbours' (either may be missing: the first or last place), or
 * undefined when no number lies between them any more.
 */
export function rankBetween(previous: number | undefined, next: number | undefined) {
  if (previous === undefined) return next === undefined ? 0 : next - 1;
  if (next === undefined) return previous + 1;
  const middle = previous + (next - previous) / 2;
  return middle > previous && middle < next ? middle : undefined;
}

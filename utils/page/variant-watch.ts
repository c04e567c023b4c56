/**
 * Notices a variant change by watching only the elements detection named (the product form's
 * options and hidden variant fields, the SKU text, the product's JSON) and the head's direct
 * children (even with no element to watch): never a page-wide observer.
 * Property writes such as `input.value = id` fire no mutation, so `change` events inside the
 * watched elements count too.
 */
export function watchVariant(
  doc: Document,
  targets: readonly Element[],
  onChange: () => void,
  signal: AbortSignal,
  /** Our own nodes (the button's host): moving them must not count as a change of the page. */
  isOwn: (node: Node) => boolean = () => false,
): void {
  if (signal.aborted) return;
  const Observer = doc.defaultView?.MutationObserver ?? MutationObserver;
  const observer = new Observer((records) => {
    if (records.some((record) => !isOwnRecord(record, isOwn))) onChange();
  });
  for (const target of targets) {
    observer.observe(target, { attributes: true, childList: true, characterData: true, subtree: true });
  }
  // Head managers of SPA frameworks swap the JSON-LD script instead of editing it: watch the head's
  // own children (not its subtree) to see the new one arrive.
  if (doc.head) observer.observe(doc.head, { childList: true });
  const onFieldChange = (event: Event) => {
    const target = event.target;
    if (target instanceof Node && targets.some((watched) => watched === target || watched.contains(target))) onChange();
  };
  doc.addEventListener('change', onFieldChange, { capture: true, signal });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}

function isOwnRecord(record: MutationRecord, isOwn: (node: Node) => boolean): boolean {
  if (isOwn(record.target)) return true;
  if (record.type !== 'childList') return false;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every(isOwn);
}

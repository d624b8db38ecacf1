/** Cursor paging: newer goes back towards the first page, older follows the next cursor. */
export function Pager(props: {
  hasNewer: boolean;
  nextCursor: string | null;
  onNewer(): void;
  onOlder(): void;
}) {
  return (
    <nav className="pager" aria-label="pages">
      <button type="button" className="secondary" disabled={!props.hasNewer} onClick={props.onNewer}>
        ← Newer
      </button>
      <button type="button" className="secondary" disabled={!props.nextCursor} onClick={props.onOlder}>
        Older →
      </button>
    </nav>
  );
}

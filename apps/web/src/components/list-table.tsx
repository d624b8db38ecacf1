import type { ReactNode } from "react";

/** The scrollable list table both list views share: named for screen readers, one header row. */
export function ListTable(props: { label: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="list" aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

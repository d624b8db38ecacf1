import type { ChangeEventHandler } from "react";

/** [value, label] pairs; for plain values both are the value. */
export type Choices = readonly (readonly [string, string])[];

export function named(values: readonly string[]): Choices {
  return values.map((value) => [value, value] as const);
}

/** A labelled filter select whose empty choice, "any", means "do not filter on this". */
export function AnyOfSelect(props: {
  label: string;
  name: string;
  value: string;
  options: Choices;
  onChange: ChangeEventHandler<HTMLSelectElement>;
}) {
  return (
    <label>
      {props.label}
      <select name={props.name} value={props.value} onChange={props.onChange}>
        <option value="">any</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

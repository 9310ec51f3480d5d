import { CAPABILITIES, type Capability } from '../lib/types.js';

interface Props {
  value: Capability[];
  onChange: (next: Capability[]) => void;
  legend?: string;
}

/** Checkboxes for the capabilities the token is needed for. */
export function CapabilityPicker({ value, onChange, legend = 'Capabilities you need' }: Props) {
  return (
    <fieldset className="capability-picker">
      <legend>{legend}</legend>
      {CAPABILITIES.map((name) => (
        <label key={name} className="check">
          <input
            type="checkbox"
            checked={value.includes(name)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? CAPABILITIES.filter((c) => c === name || value.includes(c))
                  : value.filter((c) => c !== name),
              )
            }
          />
          {name}
        </label>
      ))}
    </fieldset>
  );
}

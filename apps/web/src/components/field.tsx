/** The input attributes the app's forms use. */
interface InputProps {
  type?: 'text' | 'email' | 'password' | 'search' | 'number';
  name?: string;
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
}

export interface TextFieldProps extends InputProps {
  id: string;
  label: string;
  value: string | number;
  onValue(value: string): void;
  /** `wide` grows with the row, `narrow` fits a number. */
  span?: 'wide' | 'narrow';
  hint?: string;
}

/** A labelled input: the label names it for screen readers, a hint is tied to it. */
export function TextField({ id, label, value, onValue, span, hint, ...input }: TextFieldProps) {
  return (
    <div class={span ? `field field-${span}` : 'field'}>
      <label for={id}>{label}</label>
      <input
        // Preact's input types tie `type` to `role`; these attributes are all plain ones.
        {...(input as Record<string, unknown>)}
        id={id}
        value={value}
        {...(hint ? { 'aria-describedby': `${id}-hint` } : {})}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
      {hint ? (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

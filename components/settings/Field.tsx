import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface FieldProps {
  label: string;
  value: string;
  onInput(value: string): void;
  onBlur?(): void;
  /** Translated problem, shown next to the field and announced with it. */
  error?: string;
  hint?: ComponentChildren;
  type?: 'text' | 'password';
  inputMode?: 'text' | 'url';
  placeholder?: string;
  name?: string;
  /** Marks the field a failed connection test points at, without calling its value invalid. */
  highlighted?: boolean;
  mono?: boolean;
}

/** A labelled text input with its hint and, when there is one, its problem right below it. */
export function Field({ label, value, onInput, onBlur, error, hint, type = 'text', inputMode, placeholder, name, highlighted, mono }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const inputProps = {
    id,
    name,
    class: mono ? 'mono' : undefined,
    value,
    placeholder,
    autoComplete: 'off',
    spellcheck: false,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
    onBlur,
  };
  return (
    <div class={`field${error ? ' field--invalid' : ''}${highlighted ? ' field--highlighted' : ''}`}>
      <label for={id}>{label}</label>
      {type === 'password' ? <input type="password" {...inputProps} /> : <input type="text" inputMode={inputMode} {...inputProps} />}
      {error && (
        <p id={errorId} class="field__error">
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} class="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}

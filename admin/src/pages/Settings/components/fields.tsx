// Labelled inputs with their hint and error, built on the design system's Field parts.
import type { ReactNode } from 'react';
import { Field, NumberInput, SingleSelect, SingleSelectOption, Toggle } from '@strapi/design-system';
import { useT } from '../utils/useT';

interface FieldFrameProps {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}

/** Label above, hint or error below: where both the client's and the server's errors show. */
export function FieldFrame({ name, label, hint, error, children }: FieldFrameProps) {
  return (
    <Field.Root name={name} id={name} hint={hint} error={error}>
      <Field.Label>{label}</Field.Label>
      {children}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

interface InputProps<T> extends Omit<FieldFrameProps, 'children'> {
  value: T;
  onChange: (value: T) => void;
  disabled?: boolean;
}

/** An empty or partial number is kept as NaN so validation reports it instead of dropping it. */
export function NumberField({ value, onChange, disabled, ...frame }: InputProps<number>) {
  return (
    <FieldFrame {...frame}>
      <NumberInput
        value={Number.isNaN(value) ? undefined : value}
        onValueChange={(next) => onChange(next ?? Number.NaN)}
        disabled={disabled}
        step={1}
      />
    </FieldFrame>
  );
}

export function ToggleField({ value, onChange, disabled, ...frame }: InputProps<boolean>) {
  const t = useT();
  return (
    <FieldFrame {...frame}>
      <Toggle
        checked={value}
        onChange={(event) => onChange(event.currentTarget.checked)}
        onLabel={t('toggle.on')}
        offLabel={t('toggle.off')}
        disabled={disabled}
      />
    </FieldFrame>
  );
}

interface SelectFieldProps<T extends string> extends InputProps<T> {
  options: ReadonlyArray<{ value: T; label: string }>;
}

export function SelectField<T extends string>({ value, onChange, disabled, options, ...frame }: SelectFieldProps<T>) {
  return (
    <FieldFrame {...frame}>
      <SingleSelect value={value} onChange={(next) => onChange(String(next) as T)} disabled={disabled}>
        {options.map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {option.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </FieldFrame>
  );
}

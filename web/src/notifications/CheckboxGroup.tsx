// A labelled group of checkboxes choosing several values among a few, with an optional hint and message.
import { useId } from 'react';
import { Checkbox, Label, Text, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  options: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM },
  hint: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

interface Props<T extends string> {
  label: string;
  hint?: string;
  /** Shown when no option is offered. */
  none?: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: readonly T[];
  onChange: (value: T, chosen: boolean) => void;
  validationMessage?: string;
  required?: boolean;
}

export function CheckboxGroup<T extends string>({ label, hint, none, options, value, onChange, validationMessage, required }: Props<T>) {
  const styles = useStyles();
  const labelId = useId();
  const hintId = useId();
  const messageId = useId();
  const described = [hint ? hintId : null, validationMessage ? messageId : null].filter(Boolean).join(' ');
  return (
    <div role="group" aria-labelledby={labelId} aria-describedby={described || undefined} className={styles.group}>
      <Label id={labelId} required={required}>
        {label}
      </Label>
      {options.length === 0 && none && <Text size={200}>{none}</Text>}
      <div className={styles.options}>
        {options.map((option) => (
          <Checkbox
            key={option.value}
            label={option.label}
            checked={value.includes(option.value)}
            onChange={(_, d) => onChange(option.value, d.checked === true)}
          />
        ))}
      </div>
      {validationMessage && (
        <Text id={messageId} size={200} className={styles.error} role="alert">
          {validationMessage}
        </Text>
      )}
      {hint && (
        <Text id={hintId} size={200} className={styles.hint}>
          {hint}
        </Text>
      )}
    </div>
  );
}

// A file input whose words are the page's: the browser's own button says "Choose File" in the
// browser's language, whatever the console speaks. The input stays (hidden from sight only), so
// the keyboard, screen readers and scripts use it as before.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  name?: string;
  accept: string;
  disabled?: boolean;
  testId?: string;
  onFile(file: File | undefined): void;
}

export function FilePicker({ label, name, accept, disabled, testId, onFile }: Props) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <label className="file-picker">
      {label}{' '}
      <input
        type="file"
        className="file-input"
        name={name}
        accept={accept}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          setChosen(file?.name ?? null);
          onFile(file);
        }}
      />
      <span className="file-button" aria-hidden="true">{t('console.files.choose')}</span>{' '}
      <span className="muted">{chosen ?? t('console.files.none')}</span>
    </label>
  );
}

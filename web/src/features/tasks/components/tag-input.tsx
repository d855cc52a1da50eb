import { TASK_LIMITS } from '../api/limits';

interface TagInputProps {
  id: string;
  label: string;
  value: string;
  onChange: (tag: string) => void;
}

/** A tag field: a leading `#` is dropped as it is typed, and the api's length limit applies. */
export function TagInput({ id, label, value, onChange }: TagInputProps) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        placeholder="#tag"
        value={value}
        maxLength={TASK_LIMITS.tag}
        onChange={(event) => onChange(event.target.value.replace(/^#/, ''))}
      />
    </>
  );
}

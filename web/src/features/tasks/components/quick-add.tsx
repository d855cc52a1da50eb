import { useEffect, useRef, useState } from 'react';
import { useShortcut } from '@/hooks/use-shortcut';
import { useCreateTask } from '../api/mutations';
import { parseQuickAdd } from '../api/quick-add';

export function QuickAdd() {
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const createTask = useCreateTask();
  useShortcut('n', () => input.current?.focus());
  useEffect(() => {
    if (window.location.hash !== '#new') return;
    input.current?.focus();
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  }, []);

  return (
    <form
      className="quick-add"
      onSubmit={(event) => {
        event.preventDefault();
        const task = parseQuickAdd(value);
        if (!task) return;
        createTask.mutate(task);
        setValue('');
      }}
    >
      <label htmlFor="quick-add" className="sr-only">
        New task
      </label>
      <input
        id="quick-add"
        ref={input}
        value={value}
        maxLength={300}
        autoComplete="off"
        placeholder="Add a task — #tag, !high … then Enter  (n)"
        aria-describedby="quick-add-hint"
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            setValue('');
            event.currentTarget.blur();
          }
        }}
      />
      <button type="submit" className="button" disabled={!value.trim()}>
        Add
      </button>
      <p id="quick-add-hint" className="sr-only">
        Words starting with # become tags; !high, !medium or !low set the priority.
      </p>
    </form>
  );
}

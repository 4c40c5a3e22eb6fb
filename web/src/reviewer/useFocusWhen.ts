import { useEffect, useRef } from 'react';

/** Moves keyboard focus to the element once `active` (what replaced the control just used). */
export function useFocusWhen<T extends HTMLElement>(active: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (active) ref.current?.focus();
  }, [active]);
  return ref;
}

// After a refused save, focus the first invalid field: it may be far above the Save button.
import { useEffect, type RefObject } from 'react';

export function useFocusFirstError(container: RefObject<HTMLElement>, rejections: number) {
  useEffect(() => {
    if (rejections === 0) return;
    const frame = window.requestAnimationFrame(() => {
      const invalid = container.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      invalid?.scrollIntoView({ block: 'center' });
      invalid?.focus({ preventScroll: true });
    });
    return () => window.cancelAnimationFrame(frame);
  }, [container, rejections]);
}

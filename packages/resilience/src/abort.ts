/** The reason an aborted signal carries, as something that can be thrown. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `operation` with a signal that aborts when `parent` does, and settles as soon as the
 * signal aborts even if the operation ignores it: a caller is never held hostage by an
 * operation that does not listen.
 */
export async function runAbortable<T>(
  controller: AbortController,
  operation: (signal: AbortSignal) => Promise<T>,
  parent?: AbortSignal,
): Promise<T> {
  const { signal } = controller;
  const forwardAbort = () => controller.abort(abortReason(parent as AbortSignal));
  if (parent?.aborted) forwardAbort();
  else parent?.addEventListener('abort', forwardAbort, { once: true });

  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    if (signal.aborted) throw abortReason(signal);
    return await Promise.race([operation(signal), aborted]);
  } finally {
    parent?.removeEventListener('abort', forwardAbort);
    signal.removeEventListener('abort', onAbort);
    // The race's loser must not surface as an unhandled rejection.
    aborted.catch(() => {});
  }
}

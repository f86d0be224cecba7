import { api } from './client.ts';
import { ApiError, problemOf } from './problem.ts';
import { session } from './session.ts';

export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Splits a text/event-stream into events (WHATWG HTML, "event stream interpretation"): fields
 * up to a blank line, `data` lines joined by newlines, comment lines ignored. Returns the
 * complete events and the unfinished rest to prepend to the next chunk.
 */
export function parseEventStream(buffer: string): { events: ServerSentEvent[]; rest: string } {
  const events: ServerSentEvent[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    let id: string | undefined;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length > 0) events.push({ event, data: data.join('\n'), ...(id ? { id } : {}) });
  }
  return { events, rest };
}

/**
 * Follows a stream with fetch (EventSource cannot send the Authorization header) and calls
 * `onEvent` for each event until the server ends it or `signal` aborts. Throws when the
 * answer is not an event stream, so the caller can fall back to polling.
 */
export async function followEventStream(
  path: string,
  onEvent: (event: ServerSentEvent) => void,
  signal: AbortSignal,
  lastEventId?: string,
): Promise<void> {
  // A cheap authenticated call first: it refreshes an expired access token if need be.
  await api(path.replace(/\/stream$/, ''), { signal });
  const token = session.get()?.accessToken;
  const response = await fetch(path, {
    headers: {
      accept: 'text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    },
    signal,
  });
  if (!response.ok) throw new ApiError(await problemOf(response));
  if (
    !(response.headers.get('content-type') ?? '').startsWith('text/event-stream') ||
    !response.body
  ) {
    throw new Error('the answer is not an event stream');
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const parsed = parseEventStream(buffer + value);
    buffer = parsed.rest;
    for (const event of parsed.events) onEvent(event);
  }
}

/** An RFC 9457 problem the API answered with, or one made up for a failure without a body. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  type?: string;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

/** The problem of a failed response: its problem+json body, or the status line when it has none. */
export async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      if (typeof body.title === 'string') return { ...body, status: response.status } as Problem;
    } catch {
      // Fall through to the status line: a body that is not JSON says nothing more.
    }
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

/** What to show for any error: a problem's title and detail, or the error's message. */
export function describeError(error: unknown): { title: string; detail?: string } {
  if (error instanceof ApiError) {
    return {
      title: error.problem.title,
      ...(error.problem.detail ? { detail: error.problem.detail } : {}),
    };
  }
  if (error instanceof TypeError) {
    return { title: 'The shop cannot be reached', detail: 'Check your connection and try again' };
  }
  return {
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : String(error),
  };
}

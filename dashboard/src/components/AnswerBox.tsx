import type { Answer } from '../api';

const REASONS: Record<number, string> = { 200: 'OK', 202: 'Accepted', 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 410: 'Gone', 500: 'Internal Server Error' };

/** What the API answered to an action, as it said it. */
export function AnswerBox({ what, answer }: { what: string; answer: Answer }) {
  return (
    <div class={`answer ${answer.ok ? 'answer-ok' : 'answer-refused'}`} role="status" data-testid="answer">
      <strong>
        {what}: HTTP {answer.status} {REASONS[answer.status] ?? ''}
      </strong>
      {answer.text ? <pre>{answer.text}</pre> : null}
    </div>
  );
}

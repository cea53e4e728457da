/** Why a save was refused (4xx), in the author's words, and the field it is about. */
export function refusal(
  t: (key: string, options?: Record<string, unknown>) => string,
  answer: { status: number; body: Record<string, unknown> },
): { field: string; text: string } {
  const error = (answer.body['error'] ?? {}) as { code?: string; message?: string; field?: string };
  const field = error.field ?? /^([\w.[\]]+): /.exec(error.message ?? '')?.[1] ?? '';
  const key =
    {
      E_SAVE_ID: 'editor.save.badId',
      E_SAVE_FILE: 'editor.save.badFile',
      E_SAVE_MISSING: 'editor.save.missing',
      forbidden: 'editor.save.forbidden',
      unauthorised: 'editor.save.signedOut',
      too_large: 'editor.save.tooLarge',
    }[error.code ?? ''] ?? 'editor.save.failed';
  return { field: field.replace(/^files\./, ''), text: t(key, { status: answer.status }) };
}

import { z } from 'zod';

/** The one error body every JSON endpoint answers with. */
export const FieldIssueSchema = z.object({
  path: z.string().describe('Dotted path of the offending field, e.g. subject.email'),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

export const ProblemSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. VALIDATION or REQUEST.ILLEGAL_TRANSITION'),
    message: z.string(),
    issues: z.array(FieldIssueSchema).optional(),
  }),
  requestId: z.string(),
});
export type Problem = z.infer<typeof ProblemSchema>;

// Due dates are calendar dates (YYYY-MM-DD, docs/legal-rules.md#counting-days), stored in DATE
// columns. Prisma reads and writes a DATE as midnight UTC, so the conversion is
// done at UTC: never in the process's local zone, which would shift the day.

export function toDateColumn(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function fromDateColumn(value: Date): string {
  return value.toISOString().slice(0, 10);
}

import { describe, expect, it } from 'vitest';
import { compileStatement, unknownParametersOf } from './sql-statement.js';

describe('data map SQL statements', () => {
  it('numbers named parameters, reusing the number of a repeated name, and leaves casts alone', () => {
    const compiled = compileStatement(
      'SELECT * FROM c WHERE lower(email) = lower(:email) OR phone = :phone OR alt = :email::text',
    );
    expect(compiled).toEqual({
      text: 'SELECT * FROM c WHERE lower(email) = lower($1) OR phone = $2 OR alt = $1::text',
      parameters: ['email', 'phone'],
    });
  });

  it('puts the chosen column, quoted, in place of {{field}}', () => {
    expect(compileStatement('UPDATE c SET {{field}} = :value WHERE email = :email', 'postal_code').text).toBe(
      'UPDATE c SET "postal_code" = $1 WHERE email = $2',
    );
  });

  it('allows :value only in a correction', () => {
    expect(unknownParametersOf('DELETE FROM c WHERE email = :email AND x = :value', 'delete')).toEqual([
      'value',
    ]);
    expect(unknownParametersOf('UPDATE c SET {{field}} = :value WHERE email = :email', 'correct')).toEqual(
      [],
    );
    expect(unknownParametersOf('SELECT 1 WHERE :ssn = 1', 'access')).toEqual(['ssn']);
  });
});

import { describe, expect, it } from 'vitest';
import { decideTransition } from '../../src/domain/reservation.ts';

describe('decideTransition', () => {
  it('applies release and commit only to a RESERVED reservation', () => {
    expect(decideTransition('RESERVED', 'RELEASED')).toBe('apply');
    expect(decideTransition('RESERVED', 'COMMITTED')).toBe('apply');
  });

  it('treats a repeat as already done', () => {
    expect(decideTransition('RELEASED', 'RELEASED')).toBe('already_done');
    expect(decideTransition('COMMITTED', 'COMMITTED')).toBe('already_done');
  });

  it('never moves between the final states', () => {
    expect(decideTransition('COMMITTED', 'RELEASED')).toBe('conflict');
    expect(decideTransition('RELEASED', 'COMMITTED')).toBe('conflict');
  });
});

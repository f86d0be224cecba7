import { describe, expect, it } from 'vitest';
import { decideReturn, decideTransition } from '../../src/domain/reservation.ts';

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
    expect(decideTransition('RETURNED', 'RELEASED')).toBe('conflict');
  });

  it('takes a returned reservation as committed before', () => {
    expect(decideTransition('RETURNED', 'COMMITTED')).toBe('already_done');
  });
});

describe('decideReturn', () => {
  it('puts units back on hand only for a restocking refund of a committed reservation', () => {
    expect(decideReturn('COMMITTED', true)).toBe('return');
    expect(decideReturn('COMMITTED', false)).toBe('nothing');
  });

  it('keeps a restocking refund of a reservation not settled yet for its commit', () => {
    expect(decideReturn('RESERVED', true)).toBe('when_committed');
    expect(decideReturn('RESERVED', false)).toBe('nothing');
  });

  it('changes nothing when the units never left or came back already', () => {
    expect(decideReturn('RELEASED', true)).toBe('nothing');
    expect(decideReturn('RETURNED', true)).toBe('nothing');
  });
});

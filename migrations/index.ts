import { Foundation1795528163170 } from './1795528163170-Foundation';
import { People1795528849534 } from './1795528849534-People';
import { Ledger1795528959243 } from './1795528959243-Ledger';
import { Allocation1795529214065 } from './1795529214065-Allocation';
import { AllocationIntegrity1795531609145 } from './1795531609145-AllocationIntegrity';

/** Every migration in order. Never edit one that has landed; add a new one. */
export const migrations: Function[] = [
  Foundation1795528163170,
  People1795528849534,
  Ledger1795528959243,
  Allocation1795529214065,
  AllocationIntegrity1795531609145,
];

import { Foundation1795528163170 } from './1795528163170-Foundation';
import { Allocation1795529214065 } from './1795529214065-Allocation';

/** Every migration in order. Never edit one that has landed; add a new one. */
export const migrations: Function[] = [Foundation1795528163170, Allocation1795529214065];

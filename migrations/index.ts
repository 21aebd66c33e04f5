import { Foundation1795528163170 } from './1795528163170-Foundation';
import { People1795528849534 } from './1795528849534-People';

/** Every migration in order. Never edit one that has landed; add a new one. */
export const migrations: Function[] = [Foundation1795528163170, People1795528849534];

/** A read-only view of a BehaviorSubject: subscribe for changes, read `.value` for the current one. */
import { BehaviorSubject, type Observable } from 'rxjs';

/** An Observable that also holds its current value (like a BehaviorSubject without `next`). */
export type ObservableState<T> = Observable<T> & { readonly value: T };

/** Wraps a BehaviorSubject as an {@link ObservableState}. */
export function readonlyState<T>(subject: BehaviorSubject<T>): ObservableState<T> {
  const view = subject.asObservable();
  Object.defineProperty(view, 'value', { get: () => subject.value, enumerable: true });
  return view as ObservableState<T>;
}

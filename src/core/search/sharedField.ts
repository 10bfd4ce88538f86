// Year and container: fields many entries repeat, searched once per distinct value.
import { fieldNorm, normalize, notBlank } from './fields';
import { fuzzyScoreBound, holdsPiece } from './myers';
import type { QueryWord } from './queryWord';

/** A field many entries repeat (year, container): its distinct values, normalised and searched once per query. */
export class SharedField {
  texts: string[] = [];
  exponents: number[] = [];
  idOf: Int32Array;

  static fromSnapshot(snapshot: SharedFieldSnapshot): SharedField {
    const field = new SharedField([], 0);
    field.texts = snapshot.texts;
    field.exponents = Array.from(snapshot.exponents);
    field.idOf = snapshot.idOf;
    return field;
  }

  snapshot(): SharedFieldSnapshot {
    return { texts: this.texts, exponents: Float64Array.from(this.exponents), idOf: this.idOf };
  }

  constructor(values: string[], weight: number) {
    const ids = new Map<string, number>();
    this.idOf = new Int32Array(values.length);
    values.forEach((text, entry) => {
      let id = ids.get(text);
      if (id === undefined) {
        id = this.texts.length;
        ids.set(text, id);
        const normalized = normalize(text);
        this.texts.push(normalized);
        this.exponents.push(notBlank(normalized) ? weight * fieldNorm(normalized) : 0);
      }
      this.idOf[entry] = id;
    });
  }

  /** For each distinct value, the log of the factor fuse gives the word's match there (exponent times log score), or +Infinity. */
  factors(query: QueryWord): Float64Array {
    return Float64Array.from(this.texts, (text, id) => {
      if (this.exponents[id] === 0) return Infinity;
      let score: number;
      if (text === query.word) score = Number.EPSILON;
      else if (text.includes(query.word)) score = 0.001;
      else if (query.pieces.length > 1 && holdsPiece(text, query)) {
        // A fuzzy match keeps a piece whole: the native search rules most values out cheaply.
        score = fuzzyScoreBound(query, text, 0, text.length);
        if (score === Infinity) return Infinity;
      } else return Infinity;
      return this.exponents[id] * Math.log(score);
    });
  }

  /** Adds to a bitmap the entries whose value the word matches (a factor below +Infinity). */
  addMatches(result: Uint32Array, factors: Float64Array): void {
    if (!factors.some((factor) => factor < Infinity)) return;
    const idOf = this.idOf;
    for (let entry = 0; entry < idOf.length; entry++) if (factors[idOf[entry]] < Infinity) result[entry >>> 5] |= 1 << (entry & 31);
  }
}

export interface SharedFieldSnapshot {
  texts: string[];
  exponents: Float64Array;
  idOf: Int32Array;
}

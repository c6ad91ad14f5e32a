// Spanish stemmer for words the corpus lacks (its own words' stems come with the data), so the
// offline copy stems a Spanish query word exactly as the server does. Tantivy stems with
// frostem, Snowball's generated Rust; this file is frostem 1.20260821.8's spanish_stemmer.rs
// (from Snowball 3.1.1's spanish.sbl) translated line for line by tests/tools/snowball_js.py,
// over a runtime that mirrors frostem's SnowballEnv on UTF-8 bytes. A test in
// tests/it/offline.rs compares it with Tantivy's stemmer; when frostem changes, run the script
// again. Included in search.mjs only when the corpus holds a Spanish document.
//     Copyright (c) 2026, frostem contributors
//     Copyright (c) 2001, Dr Martin Porter
//     Copyright (c) 2004,2005, Richard Boulton
//     Copyright (c) 2013, Yoshiki Shibukawa
//     Copyright (c) 2006-2025, Olly Betts
//     All rights reserved.
//
//     Redistribution and use in source and binary forms, with or without
//     modification, are permitted provided that the following conditions
//     are met:
//
//       1. Redistributions of source code must retain the above copyright notice,
//          this list of conditions and the following disclaimer.
//       2. Redistributions in binary form must reproduce the above copyright notice,
//          this list of conditions and the following disclaimer in the documentation
//          and/or other materials provided with the distribution.
//       3. Neither the name of the Snowball project nor the names of its contributors
//          may be used to endorse or promote products derived from this software
//          without specific prior written permission.
//
//     THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
//     ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
//     WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
//     DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR
//     ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES
//     (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
//     LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON
//     ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
//     (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
//     SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
const enc = new TextEncoder();
const dec = new TextDecoder();
// A Snowball among entry: its string as UTF-8 bytes, the entry it extends, the result.
const am = (s, i, r) => ({ s: Array.from(enc.encode(s)), i, r });
const boundary = (b, k) => k <= 0 || k >= b.length || (b[k] & 0xc0) !== 0x80;
// The code point whose UTF-8 encoding starts at byte `k`.
function codePoint(b, k) {
  const c = b[k];
  if (c < 0x80) return c;
  if (c < 0xe0) return ((c & 0x1f) << 6) | (b[k + 1] & 0x3f);
  if (c < 0xf0) return ((c & 0x0f) << 12) | ((b[k + 1] & 0x3f) << 6) | (b[k + 2] & 0x3f);
  return ((c & 0x07) << 18) | ((b[k + 1] & 0x3f) << 12) | ((b[k + 2] & 0x3f) << 6) | (b[k + 3] & 0x3f);
}
const inSet = (chars, min, max, ch) => ch >= min && ch <= max && (chars[(ch - min) >> 3] & (1 << ((ch - min) & 7))) !== 0;
class Env {
  constructor(word) { this.b = Array.from(enc.encode(word)); this.cursor = 0; this.limit = this.b.length; this.limit_backward = 0; this.bra = 0; this.ket = 0; }
  replace_s(bra, ket, s) {
    const adj = s.length - (ket - bra);
    this.b.splice(bra, ket - bra, ...s);
    this.limit += adj;
    if (this.cursor >= ket) this.cursor += adj; else if (this.cursor > bra) this.cursor = bra;
    return adj;
  }
  eq_s_b(str) {
    const s = Array.from(enc.encode(str));
    if (this.cursor - this.limit_backward < s.length) return false;
    const from = this.cursor - s.length;
    if (!boundary(this.b, from) || s.some((x, k) => this.b[from + k] !== x)) return false;
    this.cursor = from;
    return true;
  }
  slice_from(str) { const s = Array.from(enc.encode(str)); this.replace_s(this.bra, this.ket, s); this.ket = this.bra + s.length; }
  slice_del() { this.slice_from(''); }
  next_char() { this.cursor++; while (!boundary(this.b, this.cursor)) this.cursor++; }
  previous_char() { this.cursor--; while (!boundary(this.b, this.cursor)) this.cursor--; }
  in_grouping(chars, min, max) {
    if (this.cursor >= this.limit) return false;
    if (!inSet(chars, min, max, codePoint(this.b, this.cursor))) return false;
    this.next_char(); return true;
  }
  go_in_grouping(chars, min, max) {
    while (this.cursor < this.limit) { if (!inSet(chars, min, max, codePoint(this.b, this.cursor))) return true; this.next_char(); }
    return false;
  }
  out_grouping(chars, min, max) {
    if (this.cursor >= this.limit) return false;
    if (inSet(chars, min, max, codePoint(this.b, this.cursor))) return false;
    this.next_char(); return true;
  }
  go_out_grouping(chars, min, max) {
    while (this.cursor < this.limit) { if (inSet(chars, min, max, codePoint(this.b, this.cursor))) return true; this.next_char(); }
    return false;
  }
  find_among(amongs) {
    let i = 0, j = amongs.length; const c = this.cursor, l = this.limit;
    let ci = 0, cj = 0, first = false;
    for (;;) {
      const k = i + ((j - i) >> 1); let diff = 0; let common = Math.min(ci, cj); const w = amongs[k];
      for (let lv = common; lv < w.s.length; lv++) {
        if (c + common === l) { diff = -1; break; }
        diff = this.b[c + common] - w.s[lv]; if (diff !== 0) break; common++;
      }
      if (diff < 0) { j = k; cj = common; } else { i = k; ci = common; }
      if (j - i <= 1) { if (i > 0 || j === i || first) break; first = true; }
    }
    for (;;) {
      const w = amongs[i];
      if (ci >= w.s.length) { this.cursor = c + w.s.length; return w.r; }
      i = w.i; if (i < 0) return 0;
    }
  }
  find_among_b(amongs) {
    let i = 0, j = amongs.length; const c = this.cursor, lb = this.limit_backward;
    let ci = 0, cj = 0, first = false;
    for (;;) {
      const k = i + ((j - i) >> 1); let diff = 0; let common = Math.min(ci, cj); const w = amongs[k];
      for (let lv = w.s.length - common - 1; lv >= 0; lv--) {
        if (c - common === lb) { diff = -1; break; }
        diff = this.b[c - common - 1] - w.s[lv]; if (diff !== 0) break; common++;
      }
      if (diff < 0) { j = k; cj = common; } else { i = k; ci = common; }
      if (j - i <= 1) { if (i > 0 || j === i || first) break; first = true; }
    }
    for (;;) {
      const w = amongs[i];
      if (ci >= w.s.length) { this.cursor = c - w.s.length; return w.r; }
      i = w.i; if (i < 0) return 0;
    }
  }
}

// ---- from here to the export: generated by tests/tools/snowball_js.py ----
const A_0 = [am("", -1, 6), am("á", 0, 1), am("é", 0, 2), am("í", 0, 3), am("ó", 0, 4), am("ú", 0, 5)];
const A_1 = [am("la", -1, -1), am("sela", 0, -1), am("le", -1, -1), am("me", -1, -1), am("se", -1, -1), am("lo", -1, -1), am("selo", 5, -1), am("las", -1, -1), am("selas", 7, -1), am("les", -1, -1), am("los", -1, -1), am("selos", 10, -1), am("nos", -1, -1)];
const A_2 = [am("ando", -1, 6), am("iendo", -1, 6), am("yendo", -1, 7), am("ándo", -1, 2), am("iéndo", -1, 1), am("ar", -1, 6), am("er", -1, 6), am("ir", -1, 6), am("ár", -1, 3), am("ér", -1, 4), am("ír", -1, 5)];
const A_3 = [am("ic", -1, -1), am("ad", -1, -1), am("os", -1, -1), am("iv", -1, 1)];
const A_4 = [am("able", -1, 1), am("ible", -1, 1), am("ante", -1, 1)];
const A_5 = [am("ic", -1, 1), am("abil", -1, 1), am("iv", -1, 1)];
const A_6 = [am("ica", -1, 1), am("ancia", -1, 2), am("encia", -1, 5), am("adora", -1, 2), am("osa", -1, 1), am("ista", -1, 1), am("iva", -1, 9), am("anza", -1, 1), am("logía", -1, 3), am("idad", -1, 8), am("able", -1, 1), am("ible", -1, 1), am("ante", -1, 2), am("mente", -1, 7), am("amente", 13, 6), am("acion", -1, 2), am("ucion", -1, 4), am("ación", -1, 2), am("ución", -1, 4), am("ico", -1, 1), am("ismo", -1, 1), am("oso", -1, 1), am("amiento", -1, 1), am("imiento", -1, 1), am("ivo", -1, 9), am("ador", -1, 2), am("icas", -1, 1), am("ancias", -1, 2), am("encias", -1, 5), am("adoras", -1, 2), am("osas", -1, 1), am("istas", -1, 1), am("ivas", -1, 9), am("anzas", -1, 1), am("logías", -1, 3), am("idades", -1, 8), am("ables", -1, 1), am("ibles", -1, 1), am("aciones", -1, 2), am("uciones", -1, 4), am("adores", -1, 2), am("antes", -1, 2), am("icos", -1, 1), am("ismos", -1, 1), am("osos", -1, 1), am("amientos", -1, 1), am("imientos", -1, 1), am("ivos", -1, 9)];
const A_7 = [am("ya", -1, 1), am("ye", -1, 1), am("yan", -1, 1), am("yen", -1, 1), am("yeron", -1, 1), am("yendo", -1, 1), am("yo", -1, 1), am("yas", -1, 1), am("yes", -1, 1), am("yais", -1, 1), am("yamos", -1, 1), am("yó", -1, 1)];
const A_8 = [am("aba", -1, 2), am("ada", -1, 2), am("ida", -1, 2), am("ara", -1, 2), am("iera", -1, 2), am("ía", -1, 2), am("aría", 5, 2), am("ería", 5, 2), am("iría", 5, 2), am("ad", -1, 2), am("ed", -1, 2), am("id", -1, 2), am("ase", -1, 2), am("iese", -1, 2), am("aste", -1, 2), am("iste", -1, 2), am("an", -1, 2), am("aban", 16, 2), am("aran", 16, 2), am("ieran", 16, 2), am("ían", 16, 2), am("arían", 20, 2), am("erían", 20, 2), am("irían", 20, 2), am("en", -1, 1), am("asen", 24, 2), am("iesen", 24, 2), am("aron", -1, 2), am("ieron", -1, 2), am("arán", -1, 2), am("erán", -1, 2), am("irán", -1, 2), am("ado", -1, 2), am("ido", -1, 2), am("ando", -1, 2), am("iendo", -1, 2), am("ar", -1, 2), am("er", -1, 2), am("ir", -1, 2), am("as", -1, 2), am("abas", 39, 2), am("adas", 39, 2), am("idas", 39, 2), am("aras", 39, 2), am("ieras", 39, 2), am("ías", 39, 2), am("arías", 45, 2), am("erías", 45, 2), am("irías", 45, 2), am("es", -1, 1), am("ases", 49, 2), am("ieses", 49, 2), am("abais", -1, 2), am("arais", -1, 2), am("ierais", -1, 2), am("íais", -1, 2), am("aríais", 55, 2), am("eríais", 55, 2), am("iríais", 55, 2), am("aseis", -1, 2), am("ieseis", -1, 2), am("asteis", -1, 2), am("isteis", -1, 2), am("áis", -1, 2), am("éis", -1, 1), am("aréis", 64, 2), am("eréis", 64, 2), am("iréis", 64, 2), am("ados", -1, 2), am("idos", -1, 2), am("amos", -1, 2), am("ábamos", 70, 2), am("áramos", 70, 2), am("iéramos", 70, 2), am("íamos", 70, 2), am("aríamos", 74, 2), am("eríamos", 74, 2), am("iríamos", 74, 2), am("emos", -1, 1), am("aremos", 78, 2), am("eremos", 78, 2), am("iremos", 78, 2), am("ásemos", 78, 2), am("iésemos", 78, 2), am("imos", -1, 2), am("arás", -1, 2), am("erás", -1, 2), am("irás", -1, 2), am("ís", -1, 2), am("ará", -1, 2), am("erá", -1, 2), am("irá", -1, 2), am("aré", -1, 2), am("eré", -1, 2), am("iré", -1, 2), am("ió", -1, 2)];
const A_9 = [am("a", -1, 1), am("e", -1, 2), am("o", -1, 1), am("os", -1, 1), am("á", -1, 1), am("é", -1, 2), am("í", -1, 1), am("ó", -1, 1)];
const G_v = [17, 65, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 17, 4, 10];
function stem(env) {
        let among_var;
    let i_p2;
    let i_p1;
    let i_pV;
    lab0: while (true) {
        i_pV = env.limit;
        i_p1 = env.limit;
        i_p2 = env.limit;
        let v_1 = env.cursor;
        lab1: while (true) {
            lab2: while (true) {
                let v_2 = env.cursor;
                lab3: while (true) {
                    if (!env.in_grouping(G_v, 97, 252)) {
                        break lab3;
                    }
                    lab4: while (true) {
                        let v_3 = env.cursor;
                        lab5: while (true) {
                            if (!env.out_grouping(G_v, 97, 252)) {
                                break lab5;
                            }
                            if (!env.go_out_grouping(G_v, 97, 252)) {
                                break lab5;
                            }
                            env.next_char();
                            break lab4;
                        }
                        env.cursor = v_3;
                        if (!env.in_grouping(G_v, 97, 252)) {
                            break lab3;
                        }
                        if (!env.go_in_grouping(G_v, 97, 252)) {
                            break lab3;
                        }
                        env.next_char();
                        break lab4;
                    }
                    break lab2;
                }
                env.cursor = v_2;
                if (!env.out_grouping(G_v, 97, 252)) {
                    break lab1;
                }
                lab6: while (true) {
                    let v_4 = env.cursor;
                    lab7: while (true) {
                        if (!env.out_grouping(G_v, 97, 252)) {
                            break lab7;
                        }
                        if (!env.go_out_grouping(G_v, 97, 252)) {
                            break lab7;
                        }
                        env.next_char();
                        break lab6;
                    }
                    env.cursor = v_4;
                    if (!env.in_grouping(G_v, 97, 252)) {
                        break lab1;
                    }
                    if (env.cursor >= env.limit) {
                        break lab1;
                    }
                    env.next_char();
                    break lab6;
                }
                break lab2;
            }
            i_pV = env.cursor;
            break lab1;
        }
        env.cursor = v_1;
        let v_5 = env.cursor;
        lab8: while (true) {
            if (!env.go_out_grouping(G_v, 97, 252)) {
                break lab8;
            }
            env.next_char();
            if (!env.go_in_grouping(G_v, 97, 252)) {
                break lab8;
            }
            env.next_char();
            i_p1 = env.cursor;
            if (!env.go_out_grouping(G_v, 97, 252)) {
                break lab8;
            }
            env.next_char();
            if (!env.go_in_grouping(G_v, 97, 252)) {
                break lab8;
            }
            env.next_char();
            i_p2 = env.cursor;
            break lab8;
        }
        env.cursor = v_5;
        break lab0;
    }
    env.limit_backward = env.cursor;
    env.cursor = env.limit;
    let v_6 = env.limit - env.cursor;
    lab9: while (true) {
        env.ket = env.cursor;
        if ((env.cursor - 1 <= env.limit_backward || env.b[env.cursor - 1] >> 5 != 3 || ((557090 >> (env.b[env.cursor - 1] & 0x1f)) & 1) == 0)) {
            break lab9;
        }

        if (env.find_among_b(A_1) == 0) {
            break lab9;
        }
        env.bra = env.cursor;
        if ((env.cursor - 1 <= env.limit_backward || (env.b[env.cursor - 1] != 111 && env.b[env.cursor - 1] != 114))) {
            break lab9;
        }

        among_var = env.find_among_b(A_2);
        if (among_var == 0) {
            break lab9;
        }
        if (i_pV > env.cursor) {
            break lab9;
        }
        switch (among_var) {
            case 1: {
                env.bra = env.cursor;
                env.slice_from("iendo");
            } break;
            case 2: {
                env.bra = env.cursor;
                env.slice_from("ando");
            } break;
            case 3: {
                env.bra = env.cursor;
                env.slice_from("ar");
            } break;
            case 4: {
                env.bra = env.cursor;
                env.slice_from("er");
            } break;
            case 5: {
                env.bra = env.cursor;
                env.slice_from("ir");
            } break;
            case 6: {
                env.slice_del();
            } break;
            case 7: {
                if (!env.eq_s_b("u")) {
                    break lab9;
                }
                env.slice_del();
            } break;
            default:
        }
        break lab9;
    }
    env.cursor = env.limit - v_6;
    let v_7 = env.limit - env.cursor;
    lab10: while (true) {
        lab11: while (true) {
            let v_8 = env.limit - env.cursor;
            lab12: while (true) {
                env.ket = env.cursor;
                if ((env.cursor - 2 <= env.limit_backward || env.b[env.cursor - 1] >> 5 != 3 || ((835634 >> (env.b[env.cursor - 1] & 0x1f)) & 1) == 0)) {
                    break lab12;
                }

                among_var = env.find_among_b(A_6);
                if (among_var == 0) {
                    break lab12;
                }
                env.bra = env.cursor;
                switch (among_var) {
                    case 1: {
                        if (i_p2 > env.cursor) {
                            break lab12;
                        }
                        env.slice_del();
                    } break;
                    case 2: {
                        if (i_p2 > env.cursor) {
                            break lab12;
                        }
                        env.slice_del();
                        let v_9 = env.limit - env.cursor;
                        lab13: while (true) {
                            env.ket = env.cursor;
                            if (!env.eq_s_b("ic")) {
                                env.cursor = env.limit - v_9;
                                break lab13;
                            }
                            env.bra = env.cursor;
                            if (i_p2 > env.cursor) {
                                env.cursor = env.limit - v_9;
                                break lab13;
                            }
                            env.slice_del();
                            break lab13;
                        }
                    } break;
                    case 3: {
                        if (i_p2 > env.cursor) {
                            break lab12;
                        }
                        env.slice_from("log");
                    } break;
                    case 4: {
                        if (i_p2 > env.cursor) {
                            break lab12;
                        }
                        env.slice_from("u");
                    } break;
                    case 5: {
                        if (i_p2 > env.cursor) {
                            break lab12;
                        }
                        env.slice_from("ente");
                    } break;
                    case 6: {
                        if (i_p1 > env.cursor) {
                            break lab12;
                        }
                        env.slice_del();
                        let v_10 = env.limit - env.cursor;
                        lab14: while (true) {
                            env.ket = env.cursor;
                            if ((env.cursor - 1 <= env.limit_backward || env.b[env.cursor - 1] >> 5 != 3 || ((4718616 >> (env.b[env.cursor - 1] & 0x1f)) & 1) == 0)) {
                                env.cursor = env.limit - v_10;
                                break lab14;
                            }

                            among_var = env.find_among_b(A_3);
                            if (among_var == 0) {
                                env.cursor = env.limit - v_10;
                                break lab14;
                            }
                            env.bra = env.cursor;
                            if (i_p2 > env.cursor) {
                                env.cursor = env.limit - v_10;
                                break lab14;
                            }
                            env.slice_del();
                            switch (among_var) {
                                case 1: {
                                    env.ket = env.cursor;
                                    if (!env.eq_s_b("at")) {
                                        env.cursor = env.limit - v_10;
                                        break lab14;
                                    }
                                    env.bra = env.cursor;
                                    if (i_p2 > env.cursor) {
                                        env.cursor = env.limit - v_10;
                                        break lab14;
                                    }
                                    env.slice_del();
                                } break;
                                default:
                            }
                            break lab14;
                        }
                    } break;
                    case 7: {
                        if (i_p2 > env.cursor) {
                            break lab12;
                        }
                        env.slice_del();
                        let v_11 = env.limit - env.cursor;
                        lab15: while (true) {
                            env.ket = env.cursor;
                            if ((env.cursor - 3 <= env.limit_backward || env.b[env.cursor - 1] != 101)) {
                                env.cursor = env.limit - v_11;
                                break lab15;
                            }

                            if (env.find_among_b(A_4) == 0) {
                                env.cursor = env.limit - v_11;
                                break lab15;
                            }
                            env.bra = env.cursor;
                            if (i_p2 > env.cursor) {
                                env.cursor = env.limit - v_11;
                                break lab15;
                            }
                            env.slice_del();
                            break lab15;
                        }
                    } break;
                    case 8: {
                        if (i_p2 > env.cursor) {
                            break lab12;
                        }
                        env.slice_del();
                        let v_12 = env.limit - env.cursor;
                        lab16: while (true) {
                            env.ket = env.cursor;
                            if ((env.cursor - 1 <= env.limit_backward || env.b[env.cursor - 1] >> 5 != 3 || ((4198408 >> (env.b[env.cursor - 1] & 0x1f)) & 1) == 0)) {
                                env.cursor = env.limit - v_12;
                                break lab16;
                            }

                            if (env.find_among_b(A_5) == 0) {
                                env.cursor = env.limit - v_12;
                                break lab16;
                            }
                            env.bra = env.cursor;
                            if (i_p2 > env.cursor) {
                                env.cursor = env.limit - v_12;
                                break lab16;
                            }
                            env.slice_del();
                            break lab16;
                        }
                    } break;
                    case 9: {
                        if (i_p2 > env.cursor) {
                            break lab12;
                        }
                        env.slice_del();
                        let v_13 = env.limit - env.cursor;
                        lab17: while (true) {
                            env.ket = env.cursor;
                            if (!env.eq_s_b("at")) {
                                env.cursor = env.limit - v_13;
                                break lab17;
                            }
                            env.bra = env.cursor;
                            if (i_p2 > env.cursor) {
                                env.cursor = env.limit - v_13;
                                break lab17;
                            }
                            env.slice_del();
                            break lab17;
                        }
                    } break;
                    default:
                }
                break lab11;
            }
            env.cursor = env.limit - v_8;
            lab18: while (true) {
                if (env.cursor < i_pV) {
                    break lab18;
                }
                let v_14 = env.limit_backward;
                env.limit_backward = i_pV;
                env.ket = env.cursor;
                if (env.find_among_b(A_7) == 0) {
                    env.limit_backward = v_14;
                    break lab18;
                }
                env.bra = env.cursor;
                env.limit_backward = v_14;
                if (!env.eq_s_b("u")) {
                    break lab18;
                }
                env.slice_del();
                break lab11;
            }
            env.cursor = env.limit - v_8;
            if (env.cursor < i_pV) {
                break lab10;
            }
            let v_15 = env.limit_backward;
            env.limit_backward = i_pV;
            env.ket = env.cursor;
            among_var = env.find_among_b(A_8);
            if (among_var == 0) {
                env.limit_backward = v_15;
                break lab10;
            }
            env.bra = env.cursor;
            env.limit_backward = v_15;
            switch (among_var) {
                case 1: {
                    let v_16 = env.limit - env.cursor;
                    lab19: while (true) {
                        if (!env.eq_s_b("u")) {
                            env.cursor = env.limit - v_16;
                            break lab19;
                        }
                        let v_17 = env.limit - env.cursor;
                        if (!env.eq_s_b("g")) {
                            env.cursor = env.limit - v_16;
                            break lab19;
                        }
                        env.cursor = env.limit - v_17;
                        break lab19;
                    }
                    env.bra = env.cursor;
                    env.slice_del();
                } break;
                case 2: {
                    env.slice_del();
                } break;
                default:
            }
            break lab11;
        }
        break lab10;
    }
    env.cursor = env.limit - v_7;
    let v_18 = env.limit - env.cursor;
    lab20: while (true) {
        env.ket = env.cursor;
        among_var = env.find_among_b(A_9);
        if (among_var == 0) {
            break lab20;
        }
        env.bra = env.cursor;
        switch (among_var) {
            case 1: {
                if (i_pV > env.cursor) {
                    break lab20;
                }
                env.slice_del();
            } break;
            case 2: {
                if (i_pV > env.cursor) {
                    break lab20;
                }
                env.slice_del();
                let v_19 = env.limit - env.cursor;
                lab21: while (true) {
                    env.ket = env.cursor;
                    if (!env.eq_s_b("u")) {
                        env.cursor = env.limit - v_19;
                        break lab21;
                    }
                    env.bra = env.cursor;
                    let v_20 = env.limit - env.cursor;
                    if (!env.eq_s_b("g")) {
                        env.cursor = env.limit - v_19;
                        break lab21;
                    }
                    env.cursor = env.limit - v_20;
                    if (i_pV > env.cursor) {
                        env.cursor = env.limit - v_19;
                        break lab21;
                    }
                    env.slice_del();
                    break lab21;
                }
            } break;
            default:
        }
        break lab20;
    }
    env.cursor = env.limit - v_18;
    env.cursor = env.limit_backward;
    let v_21 = env.cursor;
    lab22: while (true) {
        replab23: while (true) {
            let v_22 = env.cursor;
            lab24: for (let once = 0; once < 1; once++) {
                env.bra = env.cursor;
                if (env.cursor + 1 >= env.limit || env.b[env.cursor + 1] >> 5 != 5 || ((67641858 >> (env.b[env.cursor + 1] & 0x1f)) & 1) == 0) {among_var = 6;}
                else {
                    among_var = env.find_among(A_0);
                }
                env.ket = env.cursor;
                switch (among_var) {
                    case 1: {
                        env.slice_from("a");
                    } break;
                    case 2: {
                        env.slice_from("e");
                    } break;
                    case 3: {
                        env.slice_from("i");
                    } break;
                    case 4: {
                        env.slice_from("o");
                    } break;
                    case 5: {
                        env.slice_from("u");
                    } break;
                    case 6: {
                        if (env.cursor >= env.limit) {
                            break lab24;
                        }
                        env.next_char();
                    } break;
                    default:
                }
                continue replab23;
            }
            env.cursor = v_22;
            break replab23;
        }
        break lab22;
    }
    env.cursor = v_21;
    return true
}


module.exports = (word) => {
  const env = new Env(word);
  stem(env);
  return dec.decode(Uint8Array.from(env.b));
};

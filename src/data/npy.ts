/** A tiny reader for NumPy `.npy` files (format 1.0–3.0, C order, little-endian f8/f4/i8/i4). */
import { readFileSync } from "node:fs";
import { DataFileError } from "../errors.js";
import { readError } from "./lines.js";

export interface NpyArray {
  shape: number[];
  /** Values in C (row-major) order. */
  data: Float64Array;
}

const MAGIC = "\x93NUMPY";

export function parseNpy(bytes: Buffer, file = "array.npy"): NpyArray {
  if (bytes.length < 10 || bytes.toString("latin1", 0, 6) !== MAGIC) {
    throw new DataFileError(`${file}: not a .npy file (bad magic bytes)`);
  }
  const major = bytes[6] as number;
  const headerLen = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = bytes.toString(major === 3 ? "utf8" : "latin1", start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) {
    throw new DataFileError(`${file}: unreadable .npy header ${JSON.stringify(header.trim())}`);
  }
  if (fortran === "True") throw new DataFileError(`${file}: Fortran-ordered arrays are not supported`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  const width = { "<f8": 8, "<i8": 8, "<f4": 4, "<i4": 4 }[descr];
  if (!width) throw new DataFileError(`${file}: dtype ${descr} is not supported (use <f8, <f4, <i8 or <i4)`);
  if (bytes.length < offset + count * width) throw new DataFileError(`${file}: truncated data`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = offset + i * width;
    if (descr === "<f8") data[i] = bytes.readDoubleLE(at);
    else if (descr === "<f4") data[i] = bytes.readFloatLE(at);
    else if (descr === "<i8") data[i] = Number(bytes.readBigInt64LE(at));
    else data[i] = bytes.readInt32LE(at);
  }
  return { shape, data };
}

export function readNpy(path: string): NpyArray {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw readError(path, err);
  }
  return parseNpy(bytes, path);
}

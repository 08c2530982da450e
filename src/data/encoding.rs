//! Text encodings of CSV files as real tools export them, turned into UTF-8 before parsing.
//!
//! - UTF-8, with or without a byte order mark: passed through untouched (validated on the way,
//!   so a bad byte is found here, with its position).
//! - UTF-16 LE or BE with a byte order mark (Excel's "Unicode text"): decoded by `encoding_rs`.
//! - Anything that is not valid UTF-8: read as Windows-1252, what Excel on Windows writes, also
//!   decoded by `encoding_rs`. A file is taken as Windows-1252 when its first invalid byte comes
//!   before any multi-byte UTF-8 character: everything before it was ASCII, which both encodings
//!   read alike, so the switch can happen wherever that byte is (even deep in a large file).
//!   A file with valid UTF-8 characters *and* an invalid byte later mixes encodings: that is an
//!   error naming the byte and the record, never a guess.
//!
//! The report names the encoding (`Dataset::encoding`) whenever it is not UTF-8.

use crate::error::LoadError;

/// Decodes pushed bytes into UTF-8 text for the CSV parser.
pub struct Transcoder {
    state: State,
    /// Bytes of the file seen so far (for positions in messages).
    seen: u64,
    /// Records started so far in the pass-through text (line ends seen; for messages).
    lines: u64,
    /// True once a multi-byte UTF-8 character has been passed through.
    multibyte: bool,
    /// The tail of a chunk that ends inside a UTF-8 character (at most 3 bytes).
    carry: Vec<u8>,
}

enum State {
    /// Fewer than 3 bytes seen: the byte order mark is not known yet.
    Sniffing(Vec<u8>),
    Utf8,
    Decoding(encoding_rs::Decoder, &'static str),
}

impl Default for Transcoder {
    fn default() -> Self {
        Transcoder { state: State::Sniffing(Vec::new()), seen: 0, lines: 0, multibyte: false, carry: Vec::new() }
    }
}

impl Transcoder {
    /// The encoding decided so far: `utf-8` until a byte order mark or a non-UTF-8 byte says
    /// otherwise.
    pub fn encoding(&self) -> &'static str {
        match &self.state {
            State::Decoding(_, name) => name,
            _ => "utf-8",
        }
    }

    /// Decodes `chunk`; `out` receives UTF-8 bytes (possibly none, possibly in several pieces).
    pub fn push(
        &mut self,
        file: &str,
        chunk: &[u8],
        out: &mut dyn FnMut(&[u8]) -> Result<(), LoadError>,
    ) -> Result<(), LoadError> {
        if let State::Sniffing(head) = &mut self.state {
            head.extend_from_slice(chunk);
            if head.len() < 3 {
                return Ok(());
            }
            let head = std::mem::take(head);
            self.start(&head);
            return self.feed(file, &head, false, out);
        }
        self.feed(file, chunk, false, out)
    }

    /// Decodes what is left (a file shorter than 3 bytes, a character cut at the end).
    pub fn finish(&mut self, file: &str, out: &mut dyn FnMut(&[u8]) -> Result<(), LoadError>) -> Result<(), LoadError> {
        if let State::Sniffing(head) = &mut self.state {
            let head = std::mem::take(head);
            self.start(&head);
            return self.feed(file, &head, true, out);
        }
        self.feed(file, &[], true, out)
    }

    fn start(&mut self, head: &[u8]) {
        self.state = match encoding_rs::Encoding::for_bom(head) {
            Some((e, _)) if e == encoding_rs::UTF_16LE => State::Decoding(e.new_decoder_with_bom_removal(), "utf-16le"),
            Some((e, _)) if e == encoding_rs::UTF_16BE => State::Decoding(e.new_decoder_with_bom_removal(), "utf-16be"),
            _ => State::Utf8,
        };
    }

    fn feed(
        &mut self,
        file: &str,
        chunk: &[u8],
        last: bool,
        out: &mut dyn FnMut(&[u8]) -> Result<(), LoadError>,
    ) -> Result<(), LoadError> {
        if let State::Decoding(decoder, _) = &mut self.state {
            self.seen += chunk.len() as u64;
            return decode(decoder, chunk, last, out);
        }
        // UTF-8: pass through what is valid; a character cut at the chunk's end waits.
        let joined;
        let bytes = if self.carry.is_empty() {
            chunk
        } else {
            let mut v = std::mem::take(&mut self.carry);
            v.extend_from_slice(chunk);
            joined = v;
            &joined
        };
        let start = self.seen - (bytes.len() - chunk.len()) as u64;
        self.seen += chunk.len() as u64;
        let (valid, rest) = match std::str::from_utf8(bytes) {
            Ok(_) => (bytes.len(), None),
            Err(e) => (e.valid_up_to(), Some(e.error_len())),
        };
        let (good, tail) = bytes.split_at(valid);
        self.note(good);
        if !good.is_empty() {
            out(good)?;
        }
        match rest {
            None => Ok(()),
            // A character cut by the chunk's end: wait for the next chunk.
            Some(None) if !last => {
                self.carry = tail.to_vec();
                Ok(())
            }
            // Not UTF-8. Everything before was ASCII: the file is Windows-1252 from the start.
            Some(_) if !self.multibyte => {
                let mut decoder = encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling();
                let result = decode(&mut decoder, tail, last, out);
                self.state = State::Decoding(decoder, "windows-1252");
                result
            }
            Some(_) => Err(LoadError::MixedEncoding {
                file: file.to_string(),
                byte: start + valid as u64,
                record: self.lines + 1,
            }),
        }
    }

    /// Tracks what the pass-through text held: multi-byte characters, line ends.
    fn note(&mut self, good: &[u8]) {
        if !self.multibyte && !good.is_ascii() {
            self.multibyte = true;
        }
        self.lines += good.iter().filter(|&&b| b == b'\n').count() as u64;
    }
}

/// Runs `decoder` over `input`, handing each piece of UTF-8 to `out`.
fn decode(
    decoder: &mut encoding_rs::Decoder,
    mut input: &[u8],
    last: bool,
    out: &mut dyn FnMut(&[u8]) -> Result<(), LoadError>,
) -> Result<(), LoadError> {
    let mut buf = vec![0u8; (input.len() * 3 + 16).min(1 << 20)];
    loop {
        let (result, read, written, _) = decoder.decode_to_utf8(input, &mut buf, last);
        if written > 0 {
            out(&buf[..written])?;
        }
        input = &input[read..];
        if result == encoding_rs::CoderResult::InputEmpty {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `bytes` pushed in chunks of `chunk`: (text, encoding) or the error.
    fn decode_all(bytes: &[u8], chunk: usize) -> Result<(String, &'static str), LoadError> {
        let mut t = Transcoder::default();
        let mut text = Vec::new();
        for c in bytes.chunks(chunk.max(1)) {
            t.push("f.csv", c, &mut |b| {
                text.extend_from_slice(b);
                Ok(())
            })?;
        }
        t.finish("f.csv", &mut |b| {
            text.extend_from_slice(b);
            Ok(())
        })?;
        Ok((String::from_utf8(text).expect("the transcoder writes UTF-8"), t.encoding()))
    }

    #[test]
    fn each_encoding_real_exports_use_decodes_to_the_same_text_in_any_chunking() {
        let text = "name,city\nMüller,Łódź\nJosé,São Paulo\n€uro,“quoted”\n";
        let utf16le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        // Windows-1252 has no Ł, ó is there but ź is not: the cp1252 text drops those.
        let latin = text.replace('Ł', "L").replace('ó', "o").replace('ź', "z");
        let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(&latin);
        assert!(!lossy);
        let bom: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
        let cases: Vec<(&str, Vec<u8>, String, &str)> = vec![
            ("utf-8", text.as_bytes().to_vec(), text.to_string(), "utf-8"),
            ("utf-8 with BOM", bom, format!("\u{feff}{text}"), "utf-8"),
            ("utf-16le", utf16le, text.to_string(), "utf-16le"),
            ("utf-16be", utf16be, text.to_string(), "utf-16be"),
            ("windows-1252", cp1252.to_vec(), latin.clone(), "windows-1252"),
        ];
        for (what, bytes, want, encoding) in cases {
            for chunk in [1, 2, 3, 5, 7, 4096] {
                let (got, enc) = decode_all(&bytes, chunk).unwrap_or_else(|e| panic!("{what}/{chunk}: {e}"));
                assert_eq!((got.as_str(), enc), (want.as_str(), encoding), "{what} in chunks of {chunk}");
            }
        }
    }

    #[test]
    fn a_windows_1252_byte_deep_in_an_ascii_file_switches_and_mixed_files_are_refused() {
        let mut late = "a,b\n".repeat(50_000).into_bytes();
        late.extend_from_slice(b"caf\xe9,1\n");
        let (text, enc) = decode_all(&late, 4096).unwrap();
        assert_eq!(enc, "windows-1252");
        assert!(text.ends_with("café,1\n"));
        let mixed = b"a,b\nZ\xc3\xbcrich,1\nx,2\ncaf\xe9,3\n";
        for chunk in [1, 3, 4096] {
            let err = decode_all(mixed, chunk).expect_err("mixed encodings");
            assert_eq!(
                err,
                LoadError::MixedEncoding { file: "f.csv".into(), byte: 21, record: 4 },
                "chunks of {chunk}"
            );
        }
        // A character cut off by the end of the file is not UTF-8 either.
        assert_eq!(decode_all(b"a\n\xe2\x82", 1).unwrap().1, "windows-1252");
    }
}

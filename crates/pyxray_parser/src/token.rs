//! Token kinds, numbered and named exactly as `Lib/token.py` in CPython 3.14 (`tok_name`), so that
//! `python -m tokenize -e` output can be reproduced from `TokenKind::name()`.
//!
//! CPython: `Grammar/Tokens` (generates `Lib/token.py` and `Include/internal/pycore_token.h`).

use pyxray_text::TextRange;

macro_rules! token_kinds {
    ($($variant:ident = $name:literal, $number:literal;)*) => {
        /// The kind of a token; the numbers are `token.<NAME>` in CPython 3.14.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum TokenKind {
            $($variant = $number,)*
        }

        impl TokenKind {
            /// The name `tokenize -e` prints, e.g. `"EQEQUAL"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(TokenKind::$variant => $name,)*
                }
            }
        }
    };
}

token_kinds! {
    EndMarker = "ENDMARKER", 0;
    Name = "NAME", 1;
    Number = "NUMBER", 2;
    String = "STRING", 3;
    Newline = "NEWLINE", 4;
    Indent = "INDENT", 5;
    Dedent = "DEDENT", 6;
    Lpar = "LPAR", 7;
    Rpar = "RPAR", 8;
    Lsqb = "LSQB", 9;
    Rsqb = "RSQB", 10;
    Colon = "COLON", 11;
    Comma = "COMMA", 12;
    Semi = "SEMI", 13;
    Plus = "PLUS", 14;
    Minus = "MINUS", 15;
    Star = "STAR", 16;
    Slash = "SLASH", 17;
    Vbar = "VBAR", 18;
    Amper = "AMPER", 19;
    Less = "LESS", 20;
    Greater = "GREATER", 21;
    Equal = "EQUAL", 22;
    Dot = "DOT", 23;
    Percent = "PERCENT", 24;
    Lbrace = "LBRACE", 25;
    Rbrace = "RBRACE", 26;
    EqEqual = "EQEQUAL", 27;
    NotEqual = "NOTEQUAL", 28;
    LessEqual = "LESSEQUAL", 29;
    GreaterEqual = "GREATEREQUAL", 30;
    Tilde = "TILDE", 31;
    Circumflex = "CIRCUMFLEX", 32;
    LeftShift = "LEFTSHIFT", 33;
    RightShift = "RIGHTSHIFT", 34;
    DoubleStar = "DOUBLESTAR", 35;
    PlusEqual = "PLUSEQUAL", 36;
    MinEqual = "MINEQUAL", 37;
    StarEqual = "STAREQUAL", 38;
    SlashEqual = "SLASHEQUAL", 39;
    PercentEqual = "PERCENTEQUAL", 40;
    AmperEqual = "AMPEREQUAL", 41;
    VbarEqual = "VBAREQUAL", 42;
    CircumflexEqual = "CIRCUMFLEXEQUAL", 43;
    LeftShiftEqual = "LEFTSHIFTEQUAL", 44;
    RightShiftEqual = "RIGHTSHIFTEQUAL", 45;
    DoubleStarEqual = "DOUBLESTAREQUAL", 46;
    DoubleSlash = "DOUBLESLASH", 47;
    DoubleSlashEqual = "DOUBLESLASHEQUAL", 48;
    At = "AT", 49;
    AtEqual = "ATEQUAL", 50;
    Rarrow = "RARROW", 51;
    Ellipsis = "ELLIPSIS", 52;
    ColonEqual = "COLONEQUAL", 53;
    Exclamation = "EXCLAMATION", 54;
    Op = "OP", 55;
    TypeIgnore = "TYPE_IGNORE", 56;
    TypeComment = "TYPE_COMMENT", 57;
    SoftKeyword = "SOFT_KEYWORD", 58;
    FstringStart = "FSTRING_START", 59;
    FstringMiddle = "FSTRING_MIDDLE", 60;
    FstringEnd = "FSTRING_END", 61;
    TstringStart = "TSTRING_START", 62;
    TstringMiddle = "TSTRING_MIDDLE", 63;
    TstringEnd = "TSTRING_END", 64;
    Comment = "COMMENT", 65;
    Nl = "NL", 66;
    ErrorToken = "ERRORTOKEN", 67;
    Encoding = "ENCODING", 68;
}

impl TokenKind {
    /// The exact kind of an operator or delimiter, e.g. `"**="` → `DoubleStarEqual`
    /// (`token.EXACT_TOKEN_TYPES`).
    pub fn from_operator(text: &str) -> Option<TokenKind> {
        use TokenKind::*;
        Some(match text {
            "!" => Exclamation,
            "!=" => NotEqual,
            "%" => Percent,
            "%=" => PercentEqual,
            "&" => Amper,
            "&=" => AmperEqual,
            "(" => Lpar,
            ")" => Rpar,
            "*" => Star,
            "**" => DoubleStar,
            "**=" => DoubleStarEqual,
            "*=" => StarEqual,
            "+" => Plus,
            "+=" => PlusEqual,
            "," => Comma,
            "-" => Minus,
            "-=" => MinEqual,
            "->" => Rarrow,
            "." => Dot,
            "..." => Ellipsis,
            "/" => Slash,
            "//" => DoubleSlash,
            "//=" => DoubleSlashEqual,
            "/=" => SlashEqual,
            ":" => Colon,
            ":=" => ColonEqual,
            ";" => Semi,
            "<" => Less,
            "<<" => LeftShift,
            "<<=" => LeftShiftEqual,
            "<=" => LessEqual,
            "=" => Equal,
            "==" => EqEqual,
            ">" => Greater,
            ">=" => GreaterEqual,
            ">>" => RightShift,
            ">>=" => RightShiftEqual,
            "@" => At,
            "@=" => AtEqual,
            "[" => Lsqb,
            "]" => Rsqb,
            "^" => Circumflex,
            "^=" => CircumflexEqual,
            "{" => Lbrace,
            "|" => Vbar,
            "|=" => VbarEqual,
            "}" => Rbrace,
            "~" => Tilde,
            _ => return None,
        })
    }

    /// Tokens the parser never sees: `tokenize` prints them, CPython's parser skips them.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Comment | TokenKind::Nl | TokenKind::Encoding | TokenKind::TypeComment
        )
    }
}

/// One token: its kind and where it stands in the source. Its text is `&source[range]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_follow_token_py() {
        assert_eq!(TokenKind::EqEqual.name(), "EQEQUAL");
        assert_eq!(TokenKind::EqEqual as u8, 27);
        assert_eq!(TokenKind::Encoding as u8, 68);
        assert_eq!(
            TokenKind::from_operator("//="),
            Some(TokenKind::DoubleSlashEqual)
        );
        assert_eq!(TokenKind::from_operator("$"), None);
    }
}

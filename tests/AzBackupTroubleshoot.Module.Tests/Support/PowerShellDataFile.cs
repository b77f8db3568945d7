using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AzBackupTroubleshoot.Module.Tests.Support
{
    /// <summary>
    /// Reads a PowerShell data file (.psd1) the way Import-PowerShellDataFile does for what a manifest
    /// may hold: hashtables, arrays, quoted strings, numbers, $true/$false/$null, comments. Anything
    /// else is an error, as it would be in PowerShell (a manifest may hold only literals).
    /// </summary>
    internal sealed class PowerShellDataFile
    {
        private readonly string _text;
        private int _pos;

        private PowerShellDataFile(string text) => _text = text;

        public static Dictionary<string, object?> Parse(string text)
        {
            var reader = new PowerShellDataFile(text);
            var value = reader.ReadValue();
            reader.SkipTrivia();
            if (reader._pos != text.Length) throw reader.Error("text after the top-level hashtable");
            return value as Dictionary<string, object?> ?? throw reader.Error("the file is not a hashtable");
        }

        private object? ReadValue()
        {
            SkipTrivia();
            if (Peek("@{")) return ReadHashtable();
            if (Peek("@(")) return ReadArray();
            var c = Current;
            if (c == '\'' || c == '"') return ReadString();
            if (c == '$') return ReadVariable();
            if (char.IsDigit(c) || c == '-') return ReadNumber();
            throw Error($"unexpected '{c}'");
        }

        private Dictionary<string, object?> ReadHashtable()
        {
            _pos += 2;
            var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipTrivia(allowSeparators: true);
                if (Current == '}') { _pos++; return table; }
                var key = Current == '\'' || Current == '"' ? ReadString() : ReadBareword();
                SkipTrivia();
                if (Current != '=') throw Error($"expected '=' after key '{key}'");
                _pos++;
                if (table.ContainsKey(key)) throw Error($"duplicate key '{key}'");
                table[key] = ReadValue();
            }
        }

        private List<object?> ReadArray()
        {
            _pos += 2;
            var list = new List<object?>();
            while (true)
            {
                SkipTrivia(allowSeparators: true, allowComma: true);
                if (Current == ')') { _pos++; return list; }
                list.Add(ReadValue());
            }
        }

        private string ReadString()
        {
            var quote = Current;
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) throw Error("unterminated string");
                var c = _text[_pos++];
                if (c == quote)
                {
                    if (_pos < _text.Length && _text[_pos] == quote) { sb.Append(quote); _pos++; continue; }
                    return sb.ToString();
                }

                if (quote == '"' && c == '$') throw Error("expandable string with a variable (not allowed in a data file)");
                sb.Append(c);
            }
        }

        private object? ReadVariable()
        {
            var word = ReadBareword(skipDollar: true).ToLowerInvariant();
            return word switch
            {
                "true" => true,
                "false" => false,
                "null" => null,
                _ => throw Error($"variable ${word} is not allowed in a data file"),
            };
        }

        private object ReadNumber()
        {
            var start = _pos;
            if (Current == '-') _pos++;
            while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
            return double.Parse(_text.Substring(start, _pos - start), CultureInfo.InvariantCulture);
        }

        private string ReadBareword(bool skipDollar = false)
        {
            if (skipDollar) _pos++;
            var start = _pos;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_' || _text[_pos] == '.')) _pos++;
            if (_pos == start) throw Error("expected a name");
            return _text.Substring(start, _pos - start);
        }

        private void SkipTrivia(bool allowSeparators = false, bool allowComma = false)
        {
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (char.IsWhiteSpace(c) || (allowSeparators && c == ';') || (allowComma && c == ',')) { _pos++; continue; }
                if (c == '#') { while (_pos < _text.Length && _text[_pos] != '\n') _pos++; continue; }
                if (Peek("<#")) { var end = _text.IndexOf("#>", _pos, StringComparison.Ordinal); _pos = end < 0 ? _text.Length : end + 2; continue; }
                break;
            }
        }

        private bool Peek(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

        private char Current => _pos < _text.Length ? _text[_pos] : throw Error("unexpected end of file");

        private FormatException Error(string what) => new FormatException($"psd1: {what} at offset {_pos}");
    }
}

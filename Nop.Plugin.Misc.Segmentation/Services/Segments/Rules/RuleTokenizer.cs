using System.Globalization;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

public enum TokenKind
{
    Identifier,
    Number,
    String,
    Operator,
    LeftParenthesis,
    RightParenthesis,
    Comma,
    End
}

public readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool IsWord(string word) => Kind == TokenKind.Identifier && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Kind switch
    {
        TokenKind.End => "the end of the rule",
        TokenKind.String => $"\"{Text}\"",
        _ => $"'{Text}'"
    };
}

/// <summary>Splits rule text into tokens, each with its position for error messages.</summary>
public static class RuleTokenizer
{
    public static List<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1]) && LastCanPrecedeNumber(tokens)))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                    i++;
                var number = text[start..i];
                if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                    throw new RuleSyntaxException(start, $"'{number}' is not a number");
                tokens.Add(new Token(TokenKind.Number, number, start));
            }
            else if (c is '"' or '\'')
            {
                i++;
                while (i < text.Length && text[i] != c)
                    i++;
                if (i >= text.Length)
                    throw new RuleSyntaxException(start, "The text value is not closed with " + c);
                tokens.Add(new Token(TokenKind.String, text[(start + 1)..i], start));
                i++;
            }
            else if (c == '(')
                tokens.Add(new Token(TokenKind.LeftParenthesis, "(", i++));
            else if (c == ')')
                tokens.Add(new Token(TokenKind.RightParenthesis, ")", i++));
            else if (c == ',')
                tokens.Add(new Token(TokenKind.Comma, ",", i++));
            else if (c is '<' or '>' or '=' or '!')
            {
                i++;
                if (i < text.Length && text[i] == '=')
                    i++;
                var op = text[start..i];
                if (op == "!")
                    throw new RuleSyntaxException(start, "'!' alone is not an operator; use != or not");
                tokens.Add(new Token(TokenKind.Operator, op == "==" ? "=" : op, start));
            }
            else
                throw new RuleSyntaxException(start, $"Unexpected character '{c}'");
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
        return tokens;
    }

    // "-5" is a number after an operator, comma, parenthesis or at the start
    private static bool LastCanPrecedeNumber(List<Token> tokens) =>
        tokens.Count == 0 || tokens[^1].Kind is TokenKind.Operator or TokenKind.Comma or TokenKind.LeftParenthesis || tokens[^1].IsWord("and");
}

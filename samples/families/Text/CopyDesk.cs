namespace XuhuiEpaper.Samples.Families.Text;

/// <summary>A body element: a paragraph of running text, or a crosshead (小標題) between paragraphs.</summary>
public sealed record BodyPart(string Text, bool IsCrosshead);

/// <summary>
/// Writes article copy from the seed's sentences. The sentences are dealt from one shuffled deck per issue, so
/// neighbouring articles rarely share text until the deck runs out and is shuffled again.
/// </summary>
public sealed class CopyDesk(IssueText text, Random rng)
{
    private readonly Queue<string> deck = new();

    public IssueText Text { get; } = text;

    public T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public string NextSentence()
    {
        if (deck.Count == 0)
        {
            foreach (var sentence in Text.Sentences.OrderBy(_ => rng.Next()))
            {
                deck.Enqueue(sentence);
            }
        }

        return deck.Dequeue();
    }

    /// <summary>A paragraph of one to four sentences, kept under about 240 characters.</summary>
    public string Paragraph()
    {
        var count = rng.Next(1, 5);
        var paragraph = NextSentence();
        for (var i = 1; i < count; i++)
        {
            var next = NextSentence();
            if (paragraph.Length + next.Length > 240)
            {
                break;
            }

            paragraph += next;
        }

        return paragraph;
    }

    /// <summary>
    /// A story of at least <paramref name="characters"/> characters; may open with a 本報訊 sentence and, when
    /// long, carries a crosshead every three to five paragraphs.
    /// </summary>
    public List<BodyPart> Story(int characters, bool dateline, bool crossheads)
    {
        var parts = new List<BodyPart>();
        var total = 0;
        var sinceCrosshead = 0;
        var nextCrosshead = rng.Next(2, 5);
        while (total < characters)
        {
            if (crossheads && sinceCrosshead >= nextCrosshead)
            {
                parts.Add(new BodyPart(Crosshead(), IsCrosshead: true));
                sinceCrosshead = 0;
                nextCrosshead = rng.Next(3, 6);
            }

            var paragraph = parts.Count == 0 && dateline ? Pick(Text.LeadSentences) + Paragraph() : Paragraph();
            parts.Add(new BodyPart(paragraph, IsCrosshead: false));
            total += paragraph.Length;
            sinceCrosshead++;
        }

        return parts;
    }

    public string Crosshead() => Pick(Text.Clauses.Where(c => c.Length is >= 5 and <= 11).ToList());

    /// <summary>Short sentences that can close a nearly full column, in a seeded order.</summary>
    public List<string> Fillers(int maxLength) =>
        Text.Sentences.Where(s => s.Length <= maxLength).OrderBy(_ => rng.Next()).ToList();
}

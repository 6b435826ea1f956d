namespace XuhuiEpaper.Storage.Tests;

/// <summary>The IIIF tile tasks: queued by the publish's commit, claimed with a lease, retried, given up, queued again.</summary>
public class TileTaskStoreTests : DatabaseFixture
{
    [Test]
    public async Task The_publish_queues_them_a_lease_holds_them_and_a_new_publish_gives_a_given_up_one_a_fresh_start()
    {
        var tiles = new TileTaskStore(Db);
        var issue = FullIssue();
        await Publisher.PublishAsync(issue, new PublishOptions { TileImages = ["p1-z.webp", "p2-z.webp", "p1-z.webp"] });
        Assert.That((await tiles.ListAsync()).Select(t => t.ZoomFile), Is.EqualTo(new[] { "p1-z.webp", "p2-z.webp" }));

        var lease = TimeSpan.FromMinutes(2);
        var first = await tiles.ClaimNextAsync("w1", lease);
        var second = await tiles.ClaimNextAsync("w2", lease);
        Assert.That((first!.ZoomFile, second!.ZoomFile), Is.EqualTo(("p1-z.webp", "p2-z.webp")));
        Assert.That(await tiles.ClaimNextAsync("w3", lease), Is.Null, "both are held");
        Assert.That((await tiles.ClaimNextAsync("w3", TimeSpan.Zero))?.ZoomFile, Is.EqualTo("p1-z.webp"), "a lease that ran out is taken over");
        Assert.That(await tiles.CompleteAsync(first), Is.False, "the first holder lost it");

        var policy = new RetryPolicy(1, TimeSpan.Zero);
        Assert.That(await tiles.RetryOrGiveUpAsync(second, "cannot decode", policy), Is.False, "one attempt only");
        var givenUp = (await tiles.ListAsync()).Single(t => t.ZoomFile == "p2-z.webp");
        Assert.That((givenUp.GivenUp, givenUp.Error, givenUp.WorkerId), Is.EqualTo((true, "cannot decode", (string?)null)));

        // The issue analysed again: its given-up task starts afresh; the one still held stays as it is.
        await Publisher.PublishAsync(issue, new PublishOptions { TileImages = ["p1-z.webp", "p2-z.webp"] });
        var again = (await tiles.ListAsync()).ToDictionary(t => t.ZoomFile);
        Assert.Multiple(() =>
        {
            Assert.That((again["p2-z.webp"].GivenUp, again["p2-z.webp"].Attempts, again["p2-z.webp"].Error), Is.EqualTo((false, 0, (string?)null)));
            Assert.That((again["p1-z.webp"].WorkerId, again["p1-z.webp"].Attempts), Is.EqualTo(("w3", 2)));
        });
    }
}

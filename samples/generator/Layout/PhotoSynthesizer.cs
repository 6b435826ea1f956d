using SkiaSharp;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>
/// Paints a seeded street scene (sky, buildings with windows, trees, people, film grain) and encodes it
/// as JPEG, so the PDF embeds a real DCT image as print PDFs do, and image detection is exercised.
/// </summary>
public static class PhotoSynthesizer
{
    public static byte[] Jpeg(int seed, int width, int height)
    {
        var rng = new Random(seed);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            var horizon = height * (0.45f + ((float)rng.NextDouble() * 0.15f));
            using (var sky = new SKPaint())
            {
                sky.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, horizon),
                    [new SKColor(0x5d, 0x8f, 0xc9), new SKColor(0xd8, 0xe6, 0xf2)], SKShaderTileMode.Clamp);
                canvas.DrawRect(0, 0, width, horizon + 2, sky);
            }

            using var paint = new SKPaint { IsAntialias = true };
            paint.Color = new SKColor(0x7a, 0x76, 0x70);
            canvas.DrawRect(0, horizon, width, height - horizon, paint);
            var x = -rng.Next(20);
            while (x < width)
            {
                var w = width * (0.08f + ((float)rng.NextDouble() * 0.14f));
                var h = horizon * (0.35f + ((float)rng.NextDouble() * 0.6f));
                var shade = (byte)rng.Next(120, 210);
                paint.Color = new SKColor(shade, (byte)(shade - rng.Next(0, 25)), (byte)(shade - rng.Next(0, 40)));
                canvas.DrawRect(x, horizon - h, w, h + 4, paint);
                paint.Color = new SKColor(0x3a, 0x4a, 0x5c);
                for (var wy = horizon - h + 6; wy < horizon - 8; wy += 11)
                {
                    for (var wx = x + 4; wx < x + w - 6; wx += 9)
                    {
                        canvas.DrawRect(wx, wy, 5, 6, paint);
                    }
                }

                x += (int)w + rng.Next(0, 6);
            }

            for (var t = 0; t < 6; t++)
            {
                var tx = (float)rng.NextDouble() * width;
                var r = height * (0.06f + ((float)rng.NextDouble() * 0.06f));
                paint.Color = new SKColor(0x4a, 0x36, 0x22);
                canvas.DrawRect(tx - 3, horizon - (r * 0.2f), 6, r * 1.4f, paint);
                paint.Color = new SKColor((byte)rng.Next(30, 70), (byte)rng.Next(90, 140), (byte)rng.Next(30, 70));
                canvas.DrawCircle(tx, horizon - (r * 0.6f), r, paint);
            }

            var people = rng.Next(4, 10);
            for (var p = 0; p < people; p++)
            {
                var px = (float)rng.NextDouble() * width;
                var scale = height * (0.12f + ((float)rng.NextDouble() * 0.12f));
                var feet = horizon + ((height - horizon) * (0.4f + ((float)rng.NextDouble() * 0.55f)));
                paint.Color = new SKColor((byte)rng.Next(20, 90), (byte)rng.Next(20, 70), (byte)rng.Next(20, 90));
                canvas.DrawRoundRect(px - (scale * 0.18f), feet - (scale * 0.8f), scale * 0.36f, scale * 0.8f, 4, 4, paint);
                paint.Color = new SKColor(0x2a, 0x20, 0x1a);
                canvas.DrawCircle(px, feet - (scale * 0.9f), scale * 0.12f, paint);
            }
        }

        var pixels = bitmap.GetPixelSpan();
        var noisy = pixels.ToArray();
        for (var i = 0; i < noisy.Length; i += 4)
        {
            var n = rng.Next(-12, 13);
            for (var c = 0; c < 3; c++)
            {
                noisy[i + c] = (byte)Math.Clamp(noisy[i + c] + n, 0, 255);
            }
        }

        using var grainy = new SKBitmap(bitmap.Info);
        System.Runtime.InteropServices.Marshal.Copy(noisy, 0, grainy.GetPixels(), noisy.Length);
        using var image = SKImage.FromBitmap(grainy);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 82);
        return data.ToArray();
    }
}

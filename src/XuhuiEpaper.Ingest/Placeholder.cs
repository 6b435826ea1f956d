namespace XuhuiEpaper.Ingest;
internal static class Placeholder;

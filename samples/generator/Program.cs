Console.WriteLine("generator");

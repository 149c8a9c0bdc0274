#!/usr/bin/env python3
"""Writes examples/stations.csv, the data of the README's "Train on your own data".

Hourly readings of three weather stations (30, 25 and 20 days: series of different lengths),
with the electricity demand of the town around each. Demand follows a daily cycle, rises with
heat and with cold, and lags the temperature by a few hours (buildings warm up slowly), so a
model has to remember the recent past. Standard library only; the output is deterministic.

    python3 examples/make_stations.py [rows-per-day-scale] > examples/stations.csv
"""
import math
import random
import sys


def main():
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rng = random.Random(2024)
    stations = [("north", 30 * scale, 8.0), ("coast", 25 * scale, 14.0), ("valley", 20 * scale, 18.0)]
    print("station,hour,temperature,humidity,demand")
    for name, days, base in stations:
        temperatures = []
        weather = 0.0
        for hour in range(days * 24):
            weather = 0.95 * weather + rng.gauss(0, 0.6)           # slow weather fronts
            daily = 5.0 * math.sin(2 * math.pi * (hour % 24 - 9) / 24)
            temperature = base + daily + weather
            humidity = min(100.0, max(15.0, 70 - 2.2 * daily - 1.5 * weather + rng.gauss(0, 3)))
            temperatures.append(temperature)
            felt = sum(temperatures[-6:]) / len(temperatures[-6:])  # the last six hours
            activity = 1.0 + 0.35 * math.sin(2 * math.pi * (hour % 24 - 14) / 24)
            demand = 50 * activity + 1.8 * abs(felt - 16) + 0.05 * humidity + rng.gauss(0, 1.5)
            print(f"{name},{hour},{temperature:.2f},{humidity:.1f},{demand:.2f}")


if __name__ == "__main__":
    main()

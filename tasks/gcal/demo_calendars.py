"""The 15 demo calendars: how busy each is, what its events are called, when and how long they last."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCalendar:
    name: str
    weight: float  # share of all events
    titles: tuple[str, ...]
    hour: int  # usual local start hour
    hours: float  # mean duration
    weekdays: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR")


DEMO_CALENDARS = [
    DemoCalendar("Work", 0.22, ("Code", "Meeting", "Review", "Planning", "1:1", "Support"), 9, 1.6),
    DemoCalendar("Study", 0.09, ("Course", "Exercises", "Paper", "Lecture"), 18, 1.3),
    DemoCalendar("Sport", 0.09, ("Gym", "Run", "Swim", "Climbing"), 19, 1.2, ("MO", "WE", "FR", "SA")),
    DemoCalendar("Reading", 0.08, ("Novel", "Essay", "News"), 22, 0.8, ("MO", "TU", "WE", "TH", "FR", "SA", "SU")),
    DemoCalendar("Side projects", 0.08, ("vtasks", "Blog", "Open source", "Photos"), 20, 1.5, ("TU", "TH", "SA", "SU")),
    DemoCalendar("Social", 0.06, ("Dinner", "Drinks", "Birthday party", "Board games"), 20, 2.5, ("FR", "SA")),
    DemoCalendar("Family", 0.06, ("Lunch with parents", "Call home", "Visit"), 13, 2.0, ("SA", "SU")),
    DemoCalendar("Chores", 0.06, ("Cleaning", "Groceries", "Laundry", "Cooking"), 11, 1.0, ("SA", "SU", "WE")),
    DemoCalendar("Travel", 0.02, ("Flight", "Train", "Packing"), 8, 3.0, ("FR", "SU")),
    DemoCalendar("Health", 0.03, ("Doctor", "Dentist", "Physio"), 10, 1.0),
    DemoCalendar("Music", 0.04, ("Guitar", "Piano", "Concert"), 21, 1.0, ("TU", "TH", "SU")),
    DemoCalendar("Languages", 0.04, ("German", "Italian", "Conversation"), 8, 0.75),
    DemoCalendar("Admin", 0.03, ("Taxes", "Bank", "Paperwork", "Email"), 17, 0.7),
    DemoCalendar("Commute", 0.07, ("Commute", "Bike to work"), 8, 0.5),
    DemoCalendar("Leisure", 0.03, ("Cinema", "Museum", "Hike", "Series"), 17, 2.2, ("SA", "SU")),
]

# Titles sometimes filed in the wrong calendar, as people do: the duplicate check should list them.
MISFILED = {"Work": "Gym", "Study": "Novel", "Leisure": "Dinner"}

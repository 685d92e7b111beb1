"""The international directories Duet ships with: added as editable data by migration
0002, and shown as they are when the database is down and no copy of the host's list was kept
(`wellbeing.offline`)."""

SHIPPED_RESOURCES = [
    {
        "name": "Find A Helpline",
        "kind": "directory",
        "description": (
            "An international directory of free, confidential helplines, searchable by "
            "country and topic."
        ),
        "url": "https://findahelpline.com/",
        "region": "International directory",
        "position": 10,
    },
    {
        "name": "Befrienders Worldwide",
        "kind": "directory",
        "description": "Emotional support centres around the world, listed by country.",
        "url": "https://www.befrienders.org/",
        "region": "International directory",
        "position": 20,
    },
    {
        "name": "IASP crisis centres and helplines",
        "kind": "directory",
        "description": (
            "The International Association for Suicide Prevention's list of crisis centres, "
            "by country."
        ),
        "url": "https://www.iasp.info/crisis-centres-helplines/",
        "region": "International directory",
        "position": 30,
    },
]

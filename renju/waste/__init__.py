"""The waste chain (户集、村收、镇运、县处理), sorting and resource use (S8, S9)."""

"""Møtebok: meetings and cases for regional cooperations and councils."""

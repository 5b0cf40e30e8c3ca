"""The capstone (lesson 30): the hand-off review's questions."""

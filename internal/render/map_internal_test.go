package render

import "testing"

// TestBreaks checks the world map's shades: about a third of the States
// named in each, never finer than 1, 2–3 and 4 or more.
func TestBreaks(t *testing.T) {
	for _, tt := range []struct {
		counts []int
		b1, b2 int
	}{
		{nil, 2, 4},
		{[]int{1}, 2, 4},
		{[]int{1, 1, 1, 2, 3}, 2, 4},
		{[]int{1, 2, 3, 5, 8, 13}, 3, 8},
		{[]int{40, 10, 1, 25, 60, 9, 90, 2, 33}, 10, 40},
		{[]int{7, 7, 7, 7}, 7, 9},
	} {
		b1, b2 := breaks(tt.counts)
		if b1 != tt.b1 || b2 != tt.b2 {
			t.Errorf("breaks(%v) = %d, %d; want %d, %d", tt.counts, b1, b2, tt.b1, tt.b2)
		}
		if b1 < 2 || b2 < b1+2 {
			t.Errorf("breaks(%v) = %d, %d: finer than 1, 2–3, 4 or more", tt.counts, b1, b2)
		}
	}
}
